"""The benchmark's synthetic data set, generated set-wise in SQL in a fresh database file.

Shaped like a national deployment that has run for five years, in the order in which
its rows would have arrived:

- ``interventions`` interventions; boards with 9 locations each (5 boards per 3
  interventions); 50 implementations per intervention (5% of them ended);
- quarterly assessments of every intervention as a whole (all perspectives) and of
  every implementation (meso and micro), with gaps (8% of quarters skipped), and a
  yearly obligations checklist of every location; ids in date order, as they are
  entered; the newest assessment of 10% of the subjects (and of the target
  intervention as a whole, for the checklist page) is a draft, half filled in;
- answers: n.v.t. with a reason, notes on 8% and evidence links on 5% of the answers,
  unanswered items (no row) and rows with a note but no answer yet, and 3% of the
  answers corrected later (a second row right after the first: corrections happen
  while an assessment is worked on);
- (in :mod:`.bench_monitoring`) per intervention ten indicators: seven quarterly at
  every implementation, one intervention-wide (macro) quarterly, one monthly micro
  indicator, one per lesson (every other week in the last year, the last one ten days
  before "today"); per board one indicator of its own, measured at its locations per
  school year; 8% of the periods missing, the last two periods missing at 5% of the
  subjects, 2% of the values replaced later; appended in period order, as quarterly
  imports would add them;
- the demo accounts (password ``demo``) with grants on this data set.

The score tables are then computed once by the store (``refresh_all_scores``), as an
upgrade or a bulk load does.
"""
from __future__ import annotations

from datetime import date

from . import bench_monitoring
from .checklists import MAIN_CHECKLIST
from .passwords import demo_hash
from .permissions import SYSTEM

OBLIGATIONS = "anti-pestbeleid-melanchthon"
FIRST_QUARTER = bench_monitoring.FIRST_QUARTER
QUARTERS = bench_monitoring.QUARTERS
TODAY = date(2026, 1, 15)          # the benchmark's "today": two weeks after the data
LOCATIONS = 9
PER_INTERVENTION = 50
NAMED = {"small": 30, "national": 300}


def interventions_of(scale: str | int) -> int:
    """``small`` (30), ``national`` (300) or a number of interventions."""
    if isinstance(scale, int):
        return scale
    text = str(scale).strip().lower()
    if text in NAMED:
        return NAMED[text]
    if text.isdigit() and int(text) > 0:
        return int(text)
    raise ValueError(f"onbekende schaal '{scale}': kies small, national of een aantal "
                     "interventies")


def sizes(interventions: int) -> dict:
    boards = max(2, round(interventions * 5 / 3))
    return dict(interventions=interventions, boards=boards,
                organisations=boards * (LOCATIONS + 1),
                per_intervention=min(PER_INTERVENTION, boards * LOCATIONS))


def build(db, interventions: int) -> dict:
    """Fill an empty database (``db`` acting as SYSTEM); returns the sizes used."""
    size = sizes(interventions)
    con = db._con  # bulk generation; the product writes through the store
    con.execute("SET threads = 2")
    try:
        with db.transaction():
            _registry(con, size)
            _assessments(con, db, target_intervention(size["interventions"]))
            _answers(con)
            bench_monitoring.build(con)
            _accounts(con, size)
            _advance_sequences(con)
            db.assessments.refresh_all_scores()
    finally:
        con.execute(f"SET threads = {db_threads()}")
    con.execute("CHECKPOINT")
    return size


def db_threads() -> int:
    from .store.connection import THREADS
    return THREADS


def _registry(con, s: dict) -> None:
    con.execute("""
        INSERT INTO interventions (id, name, owner, aansturing, doel_verspreiding, created_at)
        SELECT i, 'Interventie ' || i, 'Eigenaar ' || i,
               ['centraal', 'decentraal', 'vrije markt'][1 + i % 3],
               ['maximale beschikbaarheid', 'maximale kwaliteit', 'minimale kosten'][1 + i % 3],
               TIMESTAMP '2020-06-01'
        FROM range(1, $n + 1) t(i)""", {"n": s["interventions"]})
    con.execute("""
        INSERT INTO organisations (id, name, kind, parent_id, place)
        SELECT i, CASE WHEN i <= $boards THEN 'Bestuur ' || i ELSE 'School ' || i END,
               CASE WHEN i <= $boards THEN 'schoolbestuur' ELSE 'vestiging' END,
               CASE WHEN i <= $boards THEN NULL ELSE 1 + (i - $boards - 1) // $locations END,
               'Plaats ' || (i % 97)
        FROM range(1, $orgs + 1) t(i)""",
                {"boards": s["boards"], "locations": LOCATIONS, "orgs": s["organisations"]})
    # Each intervention runs at per_intervention distinct locations, spread over all boards.
    con.execute("""
        INSERT INTO implementations (id, intervention_id, organisation_id, started_on, ended_on)
        SELECT row_number() OVER (ORDER BY v.i, k.k), v.i,
               $boards + 1 + ((v.i * 7919 + k.k * 104729) % ($orgs - $boards)),
               DATE '2020-09-01' + to_days(((hash(v.i, k.k) % 90))::INTEGER),
               CASE WHEN hash(v.i, k.k, 'end') % 100 < 5 THEN DATE '2025-07-31' END
        FROM range(1, $n + 1) v(i), range(0, $per) k(k)""",
                {"n": s["interventions"], "per": s["per_intervention"], "boards": s["boards"],
                 "orgs": s["organisations"]})


def _assessments(con, db, target: int) -> None:
    main, duties = db.checklist(MAIN_CHECKLIST), db.checklist(OBLIGATIONS)
    con.execute("""
        CREATE TEMP TABLE bench_subjects AS
        SELECT 'whole' AS kind, id AS intervention_id, NULL::INTEGER AS implementation_id,
               NULL::INTEGER AS organisation_id, $main AS checklist_id, $main_version AS version,
               $whole::VARCHAR[] AS perspectives, 3 AS months, $quarters AS periods
        FROM interventions
        UNION ALL
        SELECT 'implementation', intervention_id, id, organisation_id, $main, $main_version,
               $local::VARCHAR[], 3, $quarters FROM implementations
        UNION ALL
        SELECT 'organisation', NULL, NULL, id, $duties, $duties_version, $own::VARCHAR[], 12,
               $quarters // 4 FROM organisations WHERE parent_id IS NOT NULL""",
                {"main": main.id, "main_version": main.version, "whole": main.scope(False),
                 "local": main.scope(True), "duties": duties.id,
                 "duties_version": duties.version, "own": duties.scope(False),
                 "quarters": QUARTERS})
    con.execute("""
        INSERT INTO assessments (id, checklist_id, checklist_version, intervention_id,
                                 implementation_id, organisation_id, assessed_on, respondent,
                                 perspectives, status, created_at, finalised_at, created_by,
                                 team)
        WITH dated AS (
            SELECT s.*, p.p, p.p = s.periods - 1 AS newest,
                   $first + to_months(s.months * p.p)
                   + to_days((hash(s.kind, s.intervention_id, s.implementation_id,
                                   s.organisation_id) % 28)::INTEGER) AS assessed_on
            FROM bench_subjects s, range(0, 1000) p(p)
            WHERE p.p < s.periods AND (p.p = 0 OR p.p = s.periods - 1
               OR hash(s.kind, s.implementation_id, s.organisation_id, s.intervention_id,
                       p.p) % 100 >= 8)),
        statused AS (
            -- the target intervention's own newest assessment is a draft, so that the
            -- checklist page has one to open
            SELECT *, CASE WHEN newest AND (hash(kind, intervention_id, implementation_id,
                                                 organisation_id, 'draft') % 10 = 0
                                            OR (kind = 'whole' AND intervention_id = $target))
                      THEN 'draft' ELSE 'final' END AS status FROM dated)
        SELECT row_number() OVER (ORDER BY assessed_on, kind, intervention_id,
                                  implementation_id, organisation_id),
               checklist_id, version, intervention_id, implementation_id, organisation_id,
               assessed_on, 'Respondent ' || coalesce(implementation_id, organisation_id,
                                                      intervention_id),
               perspectives, status, assessed_on::TIMESTAMP,
               CASE WHEN status = 'final' THEN assessed_on::TIMESTAMP + INTERVAL 3 DAY END,
               'benchmark', false
        FROM statused""", {"first": FIRST_QUARTER, "target": target})


def _answers(con) -> None:
    """Answers improve over the periods and differ per intervention and step."""
    con.execute("""
        CREATE TEMP TABLE bench_base AS
        SELECT a.id AS assessment_id, i.item_id, i.position, a.assessed_on, a.status,
               -- n.v.t. only where the checklist's scale offers it (not the obligations)
               EXISTS (SELECT 1 FROM checklist_scales s WHERE s.checklist_id = a.checklist_id
                       AND s.checklist_version = a.checklist_version
                       AND s.value = 'nvt') AS offers_nvt,
               (hash(a.id, i.item_id) % 100000) / 100000.0 AS r,
               (hash(i.item_id, a.id, 'x') % 100000) / 100000.0 AS r2,
               least(1, 0.15 + 0.035 * (date_diff('month', $first, a.assessed_on) / 3)
                     + 0.1 * (coalesce(a.intervention_id, a.organisation_id) % 5)
                     - 0.07 * i.step) AS p
        FROM assessments a
        JOIN checklist_items i ON i.checklist_id = a.checklist_id
             AND i.checklist_version = a.checklist_version
             AND (a.perspectives IS NULL OR list_contains(a.perspectives, i.perspective))
        WHERE a.status = 'final' OR (hash(a.id, i.item_id, 'draft') % 2 = 0)""",
                {"first": FIRST_QUARTER})
    con.execute("""
        INSERT INTO answers (id, assessment_id, item_id, answer, note, evidence, recorded_at,
                             recorded_by)
        WITH given AS (
            SELECT *, CASE WHEN r < 0.04 AND offers_nvt THEN 'nvt'
                           WHEN r >= 0.975 THEN NULL
                           WHEN r < 0.04 + 0.93 * greatest(p, 0.02) THEN 'ja'
                           ELSE 'nee' END AS answer
            FROM bench_base WHERE r < 0.985),
        rows AS (
            SELECT assessment_id, item_id, position, 0 AS edit, answer,
                   CASE WHEN answer = 'nvt' THEN 'Niet van toepassing: wordt landelijk '
                            || 'geregeld (voorbeeld)'
                        WHEN answer IS NULL THEN 'Nog uitzoeken bij de coördinator'
                        WHEN r2 < 0.08 THEN 'Besproken in het teamoverleg van '
                            || strftime(assessed_on, '%d-%m-%Y') || '; zie het verslag.'
                   END AS note,
                   CASE WHEN r2 > 0.95 THEN 'https://intranet.voorbeeld.nl/documenten/'
                            || (hash(assessment_id, item_id) % 1000000) END AS evidence,
                   assessed_on::TIMESTAMP AS recorded_at, 'benchmark' AS recorded_by
            FROM given
            UNION ALL
            SELECT assessment_id, item_id, position, 1,
                   CASE WHEN answer = 'ja' THEN 'nee' ELSE 'ja' END, NULL, NULL,
                   assessed_on::TIMESTAMP + INTERVAL 2 DAY, 'benchmark-correctie'
            FROM given WHERE hash(assessment_id, item_id, 'edit') % 100 < 3)
        SELECT row_number() OVER (ORDER BY assessment_id, edit, position), assessment_id,
               item_id, answer, note, evidence, recorded_at, recorded_by
        FROM rows ORDER BY assessment_id, edit, position""")
    con.execute("DROP TABLE bench_base")
    con.execute("DROP TABLE bench_subjects")


ACCOUNTS = [("beheer", "Beheerder (benchmark)", "beheerder"),
            ("eigenaar", "Eigenaar (benchmark)", "eigenaar"),
            ("school", "Coördinator (benchmark)", "organisatie"),
            ("bestuur", "Bestuur (benchmark)", "bestuur"),
            ("adviseur", "Adviseur (benchmark)", "adviseur")]


def _accounts(con, s: dict) -> None:
    target = target_intervention(s["interventions"])
    school = con.execute("SELECT min(organisation_id) FROM implementations "
                         "WHERE intervention_id = ?", [target]).fetchone()[0]
    board = con.execute("SELECT parent_id FROM organisations WHERE id = ?",
                        [school]).fetchone()[0]
    hashed = demo_hash("demo")
    for number, (login, name, role) in enumerate(ACCOUNTS, start=1):
        con.execute("INSERT INTO users (id, login, name, password_hash) VALUES (?, ?, ?, ?)",
                    [number, login, name, hashed])
        con.execute("INSERT INTO grants (id, user_id, role, intervention_id, organisation_id, "
                    "granted_by) VALUES (?, ?, ?, ?, ?, ?)",
                    [number, number, role, target if role == "eigenaar" else None,
                     {"organisatie": school, "bestuur": board}.get(role), SYSTEM.login])


def target_intervention(interventions: int) -> int:
    """The intervention the per-intervention figures are about (one in the middle)."""
    return max(1, (interventions + 1) // 2)


SEQUENCES = (("interventions", "intervention_ids"), ("organisations", "organisation_ids"),
             ("implementations", "implementation_ids"), ("assessments", "assessment_ids"),
             ("answers", "answer_ids"), ("indicators", "indicator_ids"),
             ("measurements", "measurement_ids"), ("users", "user_ids"),
             ("grants", "grant_ids"))


def _advance_sequences(con) -> None:
    """Sequences cannot be set in DuckDB; draw them past the bulk ids."""
    for table, sequence in SEQUENCES:
        top = con.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        current = con.execute(f"SELECT nextval('{sequence}')").fetchone()[0]
        if top >= current:
            con.execute(f"SELECT max(nextval('{sequence}')) FROM range(?)", [top - current])
