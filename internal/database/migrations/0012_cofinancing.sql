-- Municipal co-financing (issue 6): how the plan splits the minimum among
-- the Comuni (share of population at a date, or amounts entered per
-- Comune) and which share is paid in cash (basis points: 5000 = 50%); the
-- amounts entered per Comune; what each Comune commits (or, for past years,
-- transferred) per year in cash and in services (NULL: not given); the
-- historical social spending of each Comune over the previous period.
CREATE TABLE plan_cofinancing (
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL PRIMARY KEY,
    split_rule TEXT NOT NULL CHECK (split_rule IN ('popolazione', 'importi')),
    split_date DATE,
    cash_share INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE
);

CREATE TABLE cofinancing_quotas (
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    comune_id BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (plan_id, comune_id),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, comune_id) REFERENCES comuni (ambito_id, id)
);

CREATE TABLE cofinancing_commitments (
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    comune_id BIGINT NOT NULL,
    year INTEGER NOT NULL,
    cash BIGINT,
    services BIGINT,
    notes TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (plan_id, comune_id, year),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, comune_id) REFERENCES comuni (ambito_id, id)
);

CREATE TABLE historical_spending (
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    comune_id BIGINT NOT NULL,
    from_year INTEGER NOT NULL,
    to_year INTEGER NOT NULL,
    amount BIGINT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (plan_id, comune_id),
    CHECK (to_year >= from_year),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, comune_id) REFERENCES comuni (ambito_id, id)
);
