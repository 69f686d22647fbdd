-- "One representative per organisation per area" (issue 10): an
-- organisation is the same whether it is named by its codice fiscale or by
-- its partita IVA. registration_areas.subject_key holds one of the two (the
-- codice fiscale, else the partita IVA), so the same organisation signing up
-- again with its partita IVA only was accepted for an area it already held.
-- Each place of a registration is written here once per identifier it gave
-- (codice fiscale and partita IVA; a citizen's codice fiscale), all in one
-- column: the partial unique index then refuses a second holder that shares
-- any one identifier with the first, whichever field it was typed in (an
-- 11-digit codice fiscale and a partita IVA are numbers of one register), on
-- both databases and under concurrency. holds follows registration_areas.holds.
-- Erased registrations have no rows: nobody can be matched to them.
CREATE TABLE registration_area_keys (
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    registration_id BIGINT NOT NULL,
    area_id BIGINT NOT NULL,
    subject_key TEXT NOT NULL,
    holds BOOLEAN NOT NULL,
    PRIMARY KEY (registration_id, area_id, subject_key),
    FOREIGN KEY (registration_id, area_id) REFERENCES registration_areas (registration_id, area_id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX registration_area_keys_one_holder ON registration_area_keys (process_id, area_id, subject_key) WHERE holds;
CREATE INDEX registration_area_keys_registration ON registration_area_keys (ambito_id, registration_id);

-- The existing places. Registrations accepted under the old rule may share an
-- identifier for an area: the one received first keeps the identifier, the
-- later one keeps its place and its other identifier (nothing is withdrawn
-- behind the Ufficio di Piano's back; the register shows both).
INSERT INTO registration_area_keys (ambito_id, process_id, registration_id, area_id, subject_key, holds)
SELECT ra.ambito_id, ra.process_id, ra.registration_id, ra.area_id, r.tax_code, ra.holds
FROM registration_areas ra JOIN registrations r ON r.id = ra.registration_id
WHERE r.erased_at IS NULL AND r.tax_code <> ''
ORDER BY r.received_at, r.id
ON CONFLICT DO NOTHING;

INSERT INTO registration_area_keys (ambito_id, process_id, registration_id, area_id, subject_key, holds)
SELECT ra.ambito_id, ra.process_id, ra.registration_id, ra.area_id, r.vat_number, ra.holds
FROM registration_areas ra JOIN registrations r ON r.id = ra.registration_id
WHERE r.erased_at IS NULL AND r.vat_number <> ''
ORDER BY r.received_at, r.id
ON CONFLICT DO NOTHING;
