-- The money of the funding sources (issue 6). A source may be a component
-- of another: the ordinary budget "PdZ" of the sheets is FNPS + FNA + FGSA
-- + municipal co-financing + residui, and its availability is theirs.
-- Amounts are cents.
CREATE TABLE source_components (
    ambito_id BIGINT NOT NULL,
    source_id BIGINT NOT NULL PRIMARY KEY,
    parent_id BIGINT NOT NULL,
    FOREIGN KEY (ambito_id, source_id) REFERENCES plan_sources (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, parent_id) REFERENCES plan_sources (ambito_id, id)
);

CREATE INDEX source_components_parent ON source_components (parent_id);

-- What a source makes available in a year, or over consecutive years when
-- the document gives one amount for them (from_year < to_year).
CREATE TABLE source_availability (
    ambito_id BIGINT NOT NULL,
    source_id BIGINT NOT NULL,
    from_year INTEGER NOT NULL,
    to_year INTEGER NOT NULL,
    amount BIGINT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source_id, from_year),
    CHECK (to_year >= from_year),
    FOREIGN KEY (ambito_id, source_id) REFERENCES plan_sources (ambito_id, id) ON DELETE CASCADE
);

-- The quotas of an FNPS source (codes of the framework's "quote_fnps").
CREATE TABLE source_quotas (
    ambito_id BIGINT NOT NULL,
    source_id BIGINT NOT NULL,
    from_year INTEGER NOT NULL,
    to_year INTEGER NOT NULL,
    quota TEXT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (source_id, from_year, quota),
    CHECK (to_year >= from_year),
    FOREIGN KEY (ambito_id, source_id) REFERENCES plan_sources (ambito_id, id) ON DELETE CASCADE
);
