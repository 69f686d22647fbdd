-- Social workers per Comune (comune_id NULL: the Ambito's own service) at a
-- date, in hundredths (full-time equivalents may be fractional); the
-- progress of the previous plan per fund, whose residual (programmed -
-- committed) flows into the new plan as residui of target_source_id.
CREATE TABLE social_workers (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    ref_date DATE NOT NULL,
    comune_id BIGINT,
    count_hundredths BIGINT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, comune_id) REFERENCES comuni (ambito_id, id)
);

CREATE UNIQUE INDEX social_workers_comune ON social_workers (plan_id, ref_date, comune_id) WHERE comune_id IS NOT NULL;
CREATE UNIQUE INDEX social_workers_ambito ON social_workers (plan_id, ref_date) WHERE comune_id IS NULL;

CREATE TABLE previous_progress (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    fund TEXT NOT NULL,
    period TEXT NOT NULL DEFAULT '',
    budget BIGINT,
    committed BIGINT,
    paid BIGINT,
    target_source_id BIGINT,
    notes TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, target_source_id) REFERENCES plan_sources (ambito_id, id)
);

CREATE INDEX previous_progress_plan ON previous_progress (plan_id, position);
