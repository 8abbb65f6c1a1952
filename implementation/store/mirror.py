"""The database's mirror of the checklist files, so that scoring can run in SQL.

Per checklist id and version the mirror keeps the items (``checklist_items``),
the answer scale (``checklist_scales``), the stage tags of the items
(``checklist_item_stages``) and the file and settings (``checklist_versions``).

- The *wording* of a version (ids, texts, parents, steps, perspectives, ``*``,
  kinds, options, the scale) is frozen once stored: a file that changes it
  without a new version number is refused, and the checklist it held is not
  loaded, so answers are never shown under a text they were not given to.
- The *interpretation* (stage tags, the stage threshold, the improvement
  threshold) follows the file. When it changes, the stage scores of that
  checklist are recomputed. Older versions that the files no longer hold take
  the stage tags of the current file for the same item ids (or, for a moved
  item, the id it ``replaces``), so every assessment is read through the same
  stage model.
"""
from __future__ import annotations

import json

import pandas as pd

from .. import scoring
from ..checklists import Checklist, ChecklistError, from_mirror
from ..errors import NotFoundError

ITEM_COLUMNS = ["item_id", "parent_id", "step", "perspective", "motivating", "text", "kind",
                "options", "multiple", "replaces"]


def _frozen_items(checklist: Checklist) -> list[tuple]:
    return [(i.id, i.parent, i.step, i.perspective and i.perspective.value, i.motivating,
             i.text, i.kind.value, list(i.options) or None, i.multiple, i.replaces)
            for i in checklist.items]


def _frozen_scale(checklist: Checklist) -> list[tuple]:
    return [(o.value, o.label, o.credit) for o in checklist.scale]


def _stored_items(db, checklist_id: str, version: str) -> list[tuple]:
    rows = db.rows(f"SELECT {', '.join(ITEM_COLUMNS)} FROM checklist_items "
                   "WHERE checklist_id = ? AND checklist_version = ? ORDER BY position",
                   [checklist_id, version])
    return [(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "question", r[7] or None,
             bool(r[8]), r[9]) for r in rows]


def sync_checklists(db) -> None:
    shared = db._shared
    known = set(db.rows("SELECT DISTINCT checklist_id, checklist_version FROM checklist_items"))
    with db.transaction():
        for checklist in list(shared.checklists.values()):
            key = (checklist.id, checklist.version)
            if key in known:
                scale = db.rows("SELECT value, label, credit FROM checklist_scales WHERE "
                                "checklist_id = ? AND checklist_version = ? ORDER BY position",
                                list(key))
                if (_stored_items(db, *key) != _frozen_items(checklist)
                        or scale not in ([], _frozen_scale(checklist))):
                    _refuse(shared, checklist)
                    continue
                if not scale:  # a mirror from before answer scales: ja, nee, n.v.t.
                    _insert_scale(db, checklist)
            else:
                _insert_items(db, checklist)
            _write_version(db, checklist)
        _write_older_versions(db)
        changed = _write_stage_tags(db)
        if db.setting("scores_version") != scoring.SCORES_VERSION:
            db.assessments.refresh_all_scores()
            db.set_setting("scores_version", scoring.SCORES_VERSION)
        elif changed:
            db.assessments.refresh_stage_scores(changed)
    shared.versions.clear()


def _refuse(shared, checklist: Checklist) -> None:
    shared.checklists.pop(checklist.id, None)
    shared.checklist_errors.append(ChecklistError(
        checklist.file, f"versie {checklist.version} staat al in de database met andere items, "
        "teksten of antwoordschaal; geef het bestand een nieuw versienummer (de oude versie "
        "blijft voor de beoordelingen die ermee zijn ingevuld)", field_name="version"))


def _insert_items(db, checklist: Checklist) -> None:
    items = pd.DataFrame([
        (checklist.id, checklist.version, i.id, i.parent, i.step,
         i.perspective and i.perspective.value, i.motivating, i.depth, i.position, i.text,
         i.kind.value, list(i.options) or None, i.multiple, i.replaces)
        for i in checklist.items],
        columns=["checklist_id", "checklist_version", "item_id", "parent_id", "step",
                 "perspective", "motivating", "depth", "position", "text", "kind", "options",
                 "multiple", "replaces"])
    db.insert_frame("checklist_items", items)
    _insert_scale(db, checklist)


def _insert_scale(db, checklist: Checklist) -> None:
    scale = pd.DataFrame([(checklist.id, checklist.version, o.value, o.label, o.credit, n)
                          for n, o in enumerate(checklist.scale)],
                         columns=["checklist_id", "checklist_version", "value", "label",
                                  "credit", "position"])
    db.insert_frame("checklist_scales", scale)


def _write_version(db, checklist: Checklist) -> None:
    steps = json.dumps({s.number: s.title for s in checklist.steps}, ensure_ascii=False)
    db.execute("""INSERT OR REPLACE INTO checklist_versions (checklist_id, checklist_version,
                      file, title, step_noun, steps, stage_reached_at, improvement_below)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
               [checklist.id, checklist.version, checklist.file, checklist.title,
                checklist.spec.step_noun, steps, checklist.spec.stage_reached_at,
                checklist.spec.improvement_below])


def _write_older_versions(db) -> None:
    """Versions in the mirror without a row of their own (files older than the mirror)."""
    for checklist_id, version in db.rows("""
            SELECT DISTINCT i.checklist_id, i.checklist_version FROM checklist_items i
            ANTI JOIN checklist_versions v ON v.checklist_id = i.checklist_id
                 AND v.checklist_version = i.checklist_version"""):
        current = db.checklists.get(checklist_id)
        steps = {int(n): f"Stap {n}" for (n,) in db.rows(
            "SELECT DISTINCT step FROM checklist_items WHERE checklist_id = ? AND "
            "checklist_version = ? ORDER BY step", [checklist_id, version])}
        if current is not None:
            steps.update({s.number: s.title for s in current.steps if s.number in steps})
        db.execute("""INSERT INTO checklist_versions (checklist_id, checklist_version, file,
                          title, step_noun, steps, stage_reached_at, improvement_below)
                      VALUES (?, ?, ?, ?, ?, ?, ?, 1)""",
                   [checklist_id, version, current.file if current else f"{checklist_id}.yaml",
                    current.title if current else checklist_id,
                    current.spec.step_noun if current else "Stap",
                    json.dumps(steps), current.spec.stage_reached_at if current else None])
        if not db.one("SELECT count(*) FROM checklist_scales WHERE checklist_id = ? AND "
                      "checklist_version = ?", [checklist_id, version]):
            for n, (value, label, credit) in enumerate([("ja", "ja", 1.0), ("nee", "nee", 0.0),
                                                        ("nvt", "n.v.t.", None)]):
                db.execute("INSERT INTO checklist_scales VALUES (?, ?, ?, ?, ?, ?)",
                           [checklist_id, version, value, label, credit, n])


def _write_stage_tags(db) -> list[tuple[str, str]]:
    """Write the stage tags of every stored version; returns the versions that changed."""
    wanted = []
    for checklist_id, version in db.rows("SELECT checklist_id, checklist_version "
                                         "FROM checklist_versions"):
        current = db.checklists.get(checklist_id)
        if current is None:
            continue
        tags = {i.id: [s.value for s in i.stages] for i in current.top_level}
        for old in current.top_level:
            if old.replaces:
                tags.setdefault(old.replaces, [s.value for s in old.stages])
        if version != current.version:
            db.execute("UPDATE checklist_versions SET stage_reached_at = ? WHERE "
                       "checklist_id = ? AND checklist_version = ?",
                       [current.spec.stage_reached_at, checklist_id, version])
        for (item_id,) in db.rows("SELECT item_id FROM checklist_items WHERE checklist_id = ? "
                                  "AND checklist_version = ? AND depth = 0",
                                  [checklist_id, version]):
            wanted += [(checklist_id, version, item_id, s) for s in tags.get(item_id, [])]
    stored = set(db.rows("SELECT checklist_id, checklist_version, item_id, stage "
                         "FROM checklist_item_stages"))
    if stored == set(wanted):
        return []
    changed = sorted({(c, v) for c, v, *_ in stored.symmetric_difference(wanted)})
    db.execute("DELETE FROM checklist_item_stages")
    if wanted:
        db.insert_frame("checklist_item_stages", pd.DataFrame(
            wanted, columns=["checklist_id", "checklist_version", "item_id", "stage"]))
    return changed


def stored_version(db, checklist_id: str, version: str) -> Checklist:
    key = (checklist_id, version)
    cache = db._shared.versions
    if key not in cache:
        meta = db.query("SELECT * FROM checklist_versions WHERE checklist_id = ? AND "
                        "checklist_version = ?", list(key))
        if meta.empty:
            raise NotFoundError(f"onbekende checklist '{checklist_id}' versie {version}")
        row = meta.iloc[0]
        items = db.query("""
            SELECT i.item_id, i.parent_id, i.step, i.perspective, i.motivating, i.depth,
                   i.position, i.text, i.kind, i.options, i.replaces,
                   (SELECT list(stage) FROM checklist_item_stages s
                    WHERE s.checklist_id = i.checklist_id
                      AND s.checklist_version = i.checklist_version
                      AND s.item_id = i.item_id) AS stages
            FROM checklist_items i WHERE i.checklist_id = ? AND i.checklist_version = ?
            ORDER BY i.position""", list(key))
        scale = db.query("SELECT value, label, credit FROM checklist_scales WHERE "
                         "checklist_id = ? AND checklist_version = ? ORDER BY position",
                         list(key))
        records = items.astype(object).where(items.notna(), None).to_dict("records")
        cache[key] = from_mirror(
            checklist_id, version, row["title"], row["step_noun"], records,
            scale.astype(object).where(scale.notna(), None).to_dict("records"),
            None if pd.isna(row["stage_reached_at"]) else float(row["stage_reached_at"]),
            float(row["improvement_below"]),
            {int(k): v for k, v in json.loads(row["steps"]).items()})
    return cache[key]
