-- The plan itself (issue 5): regional frameworks, plans with their
-- community profile, chapter II, funding sources and service sheets.

-- A regional framework is a document (JSON, docs/FRAMEWORK.md) kept whole:
-- installation level (ambito_id NULL, edited by the installation
-- administrator) or an Ambito's own copy (edited by its Responsabile).
CREATE TABLE frameworks (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT REFERENCES ambiti (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    builtin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE UNIQUE INDEX frameworks_installation ON frameworks (slug) WHERE ambito_id IS NULL;
CREATE UNIQUE INDEX frameworks_ambito ON frameworks (ambito_id, slug) WHERE ambito_id IS NOT NULL;

-- A Piano Sociale di Zona. The framework is the installation's or the
-- Ambito's own (checked by the store: a composite key cannot say "or NULL").
CREATE TABLE plans (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL REFERENCES ambiti (id) ON DELETE CASCADE,
    framework_id BIGINT NOT NULL REFERENCES frameworks (id),
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    cycle TEXT NOT NULL,
    years TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'bozza' CHECK (status IN ('bozza', 'adottato')),
    adopted_on DATE,
    adoption_act TEXT NOT NULL DEFAULT '',
    published BOOLEAN NOT NULL DEFAULT FALSE,
    published_at TIMESTAMPTZ,
    intro TEXT NOT NULL DEFAULT '',
    emerging_text TEXT NOT NULL DEFAULT '',
    welfare_text TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, slug)
);

CREATE INDEX plans_framework ON plans (framework_id);

-- The funding sources of a plan ("PdZ", "QFP", "PAIS", …). Issue 6 adds
-- their availability per year and the FNPS quotas in tables of its own.
CREATE TABLE plan_sources (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    action_code TEXT NOT NULL DEFAULT '',
    act TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    UNIQUE (plan_id, code),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE
);

-- The inventory of the services of the previous plan (owner, active).
CREATE TABLE plan_inventory (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    active TEXT NOT NULL DEFAULT '' CHECK (active IN ('', 'si', 'no')),
    notes TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE
);

CREATE INDEX plan_inventory_plan ON plan_inventory (plan_id, position);

-- Raw demographic data per Comune and reference date; comune_id NULL holds
-- what a document gives only for the whole Ambito. NULL columns are figures
-- the source does not give (not zeros). Surface in hundredths of km².
CREATE TABLE profile_rows (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    ref_date DATE NOT NULL,
    comune_id BIGINT,
    band_0_3 BIGINT,
    band_4_14 BIGINT,
    band_15_17 BIGINT,
    band_18_29 BIGINT,
    band_30_64 BIGINT,
    band_65 BIGINT,
    households BIGINT,
    surface BIGINT,
    emigrations BIGINT,
    immigrations BIGINT,
    source TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, comune_id) REFERENCES comuni (ambito_id, id)
);

CREATE UNIQUE INDEX profile_rows_comune ON profile_rows (plan_id, ref_date, comune_id) WHERE comune_id IS NOT NULL;
CREATE UNIQUE INDEX profile_rows_ambito ON profile_rows (plan_id, ref_date) WHERE comune_id IS NULL;

-- Figures as the document prints them (declared), kept beside the raw data
-- to show declared against computed. value is the canonical decimal text
-- with the printed number of decimals ("3.2", "70275").
CREATE TABLE profile_declared (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    ref_date DATE NOT NULL,
    comune_id BIGINT,
    quantity TEXT NOT NULL,
    value TEXT NOT NULL,
    source_table TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, comune_id) REFERENCES comuni (ambito_id, id)
);

CREATE INDEX profile_declared_plan ON profile_declared (plan_id, position);

-- Chapter II: per strategic area, the objectives pursued (letters) and
-- the narrative text.
CREATE TABLE plan_areas (
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    area_code TEXT NOT NULL,
    objectives TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (plan_id, area_code),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE
);

-- The service sheets. levels and areas are space-separated codes of the
-- plan's framework; amounts are cents; NULL is "not printed".
CREATE TABLE sheets (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    levels TEXT NOT NULL DEFAULT '',
    areas TEXT NOT NULL DEFAULT '',
    results TEXT NOT NULL DEFAULT '',
    scope_ambito BOOLEAN NOT NULL DEFAULT FALSE,
    scope_comuni BOOLEAN NOT NULL DEFAULT FALSE,
    scope_distretto BOOLEAN NOT NULL DEFAULT FALSE,
    scope_other TEXT NOT NULL DEFAULT '',
    mgmt_direct BOOLEAN NOT NULL DEFAULT FALSE,
    mgmt_outsourced BOOLEAN NOT NULL DEFAULT FALSE,
    mgmt_other TEXT NOT NULL DEFAULT '',
    macro TEXT NOT NULL DEFAULT '',
    intervention TEXT NOT NULL DEFAULT '',
    declared_total BIGINT,
    notes TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id),
    UNIQUE (plan_id, code),
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE
);

CREATE TABLE sheet_objectives (
    ambito_id BIGINT NOT NULL,
    sheet_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    area_code TEXT NOT NULL DEFAULT '',
    letter TEXT NOT NULL DEFAULT '',
    quoted TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (sheet_id, position),
    FOREIGN KEY (ambito_id, sheet_id) REFERENCES sheets (ambito_id, id) ON DELETE CASCADE
);

CREATE TABLE sheet_years (
    ambito_id BIGINT NOT NULL,
    sheet_id BIGINT NOT NULL,
    year INTEGER NOT NULL,
    selected BOOLEAN NOT NULL DEFAULT FALSE,
    declared_total BIGINT,
    PRIMARY KEY (sheet_id, year),
    FOREIGN KEY (ambito_id, sheet_id) REFERENCES sheets (ambito_id, id) ON DELETE CASCADE
);

-- The amounts of a year by funding source. A source still used here cannot
-- be deleted (no ON DELETE on the source).
CREATE TABLE sheet_amounts (
    ambito_id BIGINT NOT NULL,
    sheet_id BIGINT NOT NULL,
    year INTEGER NOT NULL,
    position INTEGER NOT NULL,
    source_id BIGINT,
    amount BIGINT,
    PRIMARY KEY (sheet_id, year, position),
    FOREIGN KEY (ambito_id, sheet_id) REFERENCES sheets (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, source_id) REFERENCES plan_sources (ambito_id, id)
);

CREATE INDEX sheet_amounts_source ON sheet_amounts (source_id);

CREATE TABLE sheet_services (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    sheet_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    articles TEXT NOT NULL DEFAULT '',
    other_ref TEXT NOT NULL DEFAULT '',
    users TEXT NOT NULL DEFAULT '',
    users_count BIGINT,
    documents TEXT NOT NULL DEFAULT '',
    operators TEXT NOT NULL DEFAULT '',
    actions TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, sheet_id) REFERENCES sheets (ambito_id, id) ON DELETE CASCADE
);

CREATE INDEX sheet_services_sheet ON sheet_services (sheet_id, position);
