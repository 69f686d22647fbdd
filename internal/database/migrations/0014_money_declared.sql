-- Figures about money as the document prints them (declared), kept beside
-- the raw data to show printed against computed (issue 6). What a figure is
-- about depends on its quantity: a source, an FNPS quota, a Comune (NULL:
-- the Ambito), years (0: none), a subject (the previous plan's fund).
-- value is canonical decimal text: euro with cents, or a percentage.
CREATE TABLE money_declared (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    quantity TEXT NOT NULL,
    source_id BIGINT,
    quota TEXT NOT NULL DEFAULT '',
    comune_id BIGINT,
    from_year INTEGER NOT NULL DEFAULT 0,
    to_year INTEGER NOT NULL DEFAULT 0,
    subject TEXT NOT NULL DEFAULT '',
    value TEXT NOT NULL,
    source_table TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, source_id) REFERENCES plan_sources (ambito_id, id),
    FOREIGN KEY (ambito_id, comune_id) REFERENCES comuni (ambito_id, id)
);

CREATE INDEX money_declared_plan ON money_declared (plan_id, position);
