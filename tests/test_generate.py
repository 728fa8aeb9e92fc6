"""`frontdesk generate`: deterministic, valid, realistic, fictional, scaled by difficulty, and every mechanic in every day."""

import datetime as dt
import functools
import re
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.scenario import load_scenario_text
from simulator.scenario.generate import SCHEMA_MODELINE, generate_day
from simulator.scenario.jurisdictions import JURISDICTIONS, card_problems
from simulator.scenario.models import WEEKDAYS, Patient, event_kind


def test_same_arguments_give_identical_text():
    """The same seed and options give byte-identical YAML."""
    assert generate_day(3) == generate_day(3)
    assert generate_day(3, 50, "US", "hard") == generate_day(3, 50, "US", "hard")


def test_different_seeds_give_different_days():
    """A different seed gives a different day."""
    assert generate_day(3) != generate_day(4)


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
@pytest.mark.parametrize("difficulty", ["easy", "normal", "hard"])
def test_fifty_seeds_validate(jurisdiction, difficulty):
    """Every one of 50 seeds, in both jurisdictions and at each difficulty, gives a scenario that validates.

    One seed in five is checked in medical-assistant mode instead: that day is the front-desk day of the same
    seed with the back office added (a test below shows it), so it validates both at once.
    """
    for seed in range(50):
        mode = "medical_assistant" if seed % 5 == 0 else "front_desk"
        load_scenario_text(generate_day(seed, 40, jurisdiction, difficulty, mode=mode), f"seed-{seed}.yaml")


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31), patients=st.integers(min_value=12, max_value=150))
def test_any_seed_and_panel_size_validates(seed, patients):
    """Any seed and panel size gives a valid scenario with that many patients."""
    scenario = load_scenario_text(generate_day(seed, patients))
    assert len(scenario.patients) == patients


def test_output_starts_with_the_schema_modeline():
    """Generated files get editor autocompletion like the shipped ones."""
    assert generate_day(1).startswith(SCHEMA_MODELINE + "\n")


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
def test_patients_are_fictional_and_ids_valid(jurisdiction):
    """Phones are 555-01xx, e-mail uses example.com, and every card passes the jurisdiction's check."""
    s = load_scenario_text(generate_day(8, 60, jurisdiction, "easy"))
    j = JURISDICTIONS[jurisdiction]
    for p in s.patients:
        assert re.fullmatch(r"\d{3}-555-01\d\d", p.phone)
        assert p.email is None or p.email.endswith("@example.com")
        card = p.health_card if jurisdiction == "ON" else p.insurance
        assert card is not None and getattr(card, j.id_document == "health_card" and "number" or "member_id")
        if not card.invalid:
            number = card.number if jurisdiction == "ON" else card.member_id
            assert card_problems(j, number, getattr(card, "version", None)) == []


def test_difficulty_scales_the_day():
    """A hard day has more calls, more walk-ins, a longer delay and more traps than an easy one."""

    def counts(difficulty):
        s = load_scenario_text(generate_day(5, 40, "ON", difficulty))
        kinds = [event_kind(e) for e in s.events]
        impostors = sum(1 for e in s.events if event_kind(e) == "call" and e.call.impostor)
        invalid = sum(1 for p in s.patients if p.health_card and p.health_card.invalid)
        delay = sum(e.doctor_delay.minutes for e in s.events if event_kind(e) == "doctor_delay")
        return kinds.count("call"), kinds.count("walk_in"), delay, impostors + invalid

    easy, hard = counts("easy"), counts("hard")
    assert all(h > e for h, e in zip(hard, easy, strict=True)), (easy, hard)


def test_generated_day_covers_the_front_desk_mechanics():
    """A normal generated day gives the trainee work in most front-desk mechanics."""
    from simulator.scenario import coverage

    mechanics = set(coverage(load_scenario_text(generate_day(2))))
    assert {"M1", "M2", "M3", "M4", "M5", "M6", "M7", "M9", "M10", "M11", "M12", "M13", "M14", "M18"} <= mechanics


def test_c_and_python_emitters_write_the_same_text(monkeypatch):
    """Output does not depend on whether PyYAML was built with libyaml, so it is the same on every machine."""
    import yaml

    from simulator.scenario import generate

    fast = generate_day(11, 40, "US", "hard")
    monkeypatch.setattr(generate, "_Dumper", generate._make_dumper(yaml.SafeDumper))
    assert generate_day(11, 40, "US", "hard") == fast


def test_generated_text_has_no_aliases_and_quotes_digit_strings():
    """Every value is written out (no `&id001`/`*id001`), and numbers with leading zeros stay quoted text."""
    text = generate_day(7, 40, "US", "normal")
    assert "&id" not in text and "*id" not in text
    assert not re.search(r":\s0\d+[,}\s]", text), "an unquoted number with a leading zero"


def test_generated_requests_fit_the_patient():
    """Renewals are for a drug the patient takes; family callers are named on the patient's chart."""
    s = load_scenario_text(generate_day(12, 60, "ON", "hard"))
    for e in s.events:
        kind = event_kind(e)
        if kind == "document" and e.document.kind == "renewal":
            assert e.document.medication in s.patient(e.document.patient).medications
        if kind == "call" and e.call.caller == "family":
            names = {c.name: c for c in s.patient(e.call.about).contacts}
            assert e.call.name in names and names[e.call.name].authorised == e.call.authorised


def test_phone_numbers_do_not_collide():
    """In a small panel, every patient and organisation has a phone number of their own."""
    s = load_scenario_text(generate_day(7, 40, "ON", "normal"))
    phones = [p.phone for p in s.patients] + [d.phone for d in s.directory if d.phone] + [s.clinic.phone]
    assert len(phones) == len(set(phones))


# --- every mechanic in every day ------------------------------------------------------------------------------

MODES = ("front_desk", "medical_assistant")
FRONT_DESK_MECHANICS = {f"M{n}" for n in range(1, 16)} | {"M18"}


@functools.lru_cache(maxsize=None)
def _day(seed, patients, jurisdiction, difficulty, mode):
    return load_scenario_text(generate_day(seed, patients, jurisdiction, difficulty, mode=mode), f"seed-{seed}.yaml")


def _days(jurisdiction, mode):
    """A spread of days: every difficulty, with the default, the smallest and a large panel."""
    for difficulty in ("easy", "normal", "hard"):
        for seed, patients in ((1, 40), (2, 12), (3, 80)):
            yield f"{difficulty}-{seed}-{patients}", _day(seed, patients, jurisdiction, difficulty, mode)


def _messages(s):
    """(event, body) of every voicemail and email."""
    return [(e, getattr(e, event_kind(e))) for e in s.events if event_kind(e) in ("voicemail", "email")]


def _body(s, kind):
    return [getattr(e, kind) for e in s.events if event_kind(e) == kind]


def _appointment(s, patient):
    return next(a for a in s.schedule if a.patient == patient)


def _cancelled(s):
    return {m.from_ for e, m in _messages(s) if m.intent == "cancel"}


def _next_open_day(s, day):
    day += dt.timedelta(days=1)
    while WEEKDAYS[day.weekday()] not in s.clinic.days:
        day += dt.timedelta(days=1)
    return day


both = pytest.mark.parametrize("jurisdiction,mode", [(j, m) for j in ("ON", "US") for m in MODES])


@both
def test_every_day_covers_every_mechanic(jurisdiction, mode):
    """Every generated day gives work in M1–M15 and M18; medical-assistant mode adds M16 and M17."""
    from simulator.scenario import coverage

    expected = FRONT_DESK_MECHANICS | ({"M16", "M17"} if mode == "medical_assistant" else set())
    for label, s in _days(jurisdiction, mode):
        assert set(coverage(s)) == expected, label


@both
def test_opening_has_cancellations_urgent_and_routine_messages(jurisdiction, mode):
    """M1/M3: overnight, a patient cancels today's visit at its real time; a lab leaves an urgent message for the
    patient's doctor that matters before the visit and after the huddle; and routine requests wait too."""
    for label, s in _days(jurisdiction, mode):
        overnight = [(e, m) for e, m in _messages(s) if e.overnight]
        cancels = [m for _, m in overnight if m.intent == "cancel"]
        assert cancels, label
        for m in cancels:
            assert m.appointment == _appointment(s, m.from_).at, label
        urgent = [m for _, m in overnight if m.urgent]
        labs = {d.id for d in s.directory if d.kind == "lab"}
        assert any(m.from_ in labs for m in urgent), label
        doctors = {m.id: m for m in s.clinic.staff if m.role == "doctor"}
        for m in urgent:
            visit = _appointment(s, m.about)
            assert m.about not in _cancelled(s) and m.for_ == visit.with_ and m.for_ in doctors, label
            assert doctors[m.for_].arrives <= m.matters_by <= visit.at, label
        assert any(m.intent in ("billing", "refill", "results", "book", "routine") for _, m in overnight), label
        for e, _m in overnight:
            assert not s.clinic.opens <= e.at <= s.clinic.closes, label


@both
def test_staff_arrive_for_the_huddle_after_opening(jurisdiction, mode):
    """M3: doctors and nurse arrive a little after the desk opens, before the first visit."""
    for label, s in _days(jurisdiction, mode):
        first = min(a.at for a in s.schedule)
        for member in s.clinic.staff:
            assert s.clinic.opens < member.arrives <= min(first, s.clinic.opens + 3600), label


@both
def test_waiting_list(jurisdiction, mode):
    """M2: three to five established patients not seen today wait for a slot; one does not answer the phone."""
    for label, s in _days(jurisdiction, mode):
        waiting = [w.patient for w in s.waiting_list]
        assert 3 <= len(waiting) <= 5, label
        assert not set(waiting) & {a.patient for a in s.schedule}, label
        assert any(w.type == "follow_up" for w in s.waiting_list), label
        assert [s.patient(p).answers_phone for p in waiting].count(False) == 1, label
        assert not any(s.patient(p).new for p in waiting), label


@both
def test_new_patients_are_booked_and_registered(jurisdiction, mode):
    """M8: one or two new patients have a new-patient visit today and arrive; one forgot the medication list and
    has a pharmacy to ask; one has allergies to record."""
    for label, s in _days(jurisdiction, mode):
        pharmacies = {d.id for d in s.directory if d.kind == "pharmacy"}
        arrivals = {a.patient for a in _body(s, "arrival")}
        today = [a for a in s.schedule if s.patient(a.patient).new]
        assert 1 <= len(today) <= 2 and all(a.type == "new_patient" for a in today), label
        assert {a.patient for a in today} <= arrivals, label
        newcomers = [s.patient(a.patient) for a in today]
        forgetful = [p for p in newcomers if not p.brings_medication_list]
        assert len(forgetful) == 1 and forgetful[0].pharmacy in pharmacies and forgetful[0].medications, label
        assert any(p.allergies for p in newcomers), label
        assert all(a.type != "new_patient" for a in s.schedule if not s.patient(a.patient).new), label


@both
def test_reminder_calls_for_the_next_open_day(jurisdiction, mode):
    """M9: four to eight patients are booked on the next open day, and at least one of them reaches voicemail."""
    for label, s in _days(jurisdiction, mode):
        assert s.reminders.date == _next_open_day(s, s.date) and s.reminders.due is not None, label
        booked = [b.patient for b in s.bookings if b.date == s.reminders.date]
        assert 4 <= len(booked) <= 8, label
        assert any(not s.patient(p).answers_phone for p in booked), label


@both
def test_referrals_one_of_each_urgency(jurisdiction, mode):
    """M10: two or three referral letters from physicians, about new patients not yet booked, one of each urgency,
    each with a reason and two phrases that reveal it."""
    for label, s in _days(jurisdiction, mode):
        physicians = {d.id for d in s.directory if d.kind == "physician"}
        booked = {a.patient for a in s.schedule} | {b.patient for b in s.bookings}
        letters = [d for d in _body(s, "document") if d.kind == "referral"]
        assert 2 <= len(letters) <= 3, label
        urgencies = [d.urgency for d in letters]
        assert len(set(urgencies)) == len(urgencies) and {"urgent", "routine"} <= set(urgencies), label
        for d in letters:
            assert s.patient(d.patient).new and d.patient not in booked and d.from_ in physicians, label
            assert d.reason and len(d.clues) == 2 and d.type in ("consult", "new_patient"), label
            assert d.type in s.clinic.visit_types, label


def _length(s, b):
    return s.visit_length(b) * 60


def _rebooking_exists(s, away):
    """Greedy proof that everyone on the away day can move: urgent first, each to the earliest quarter hour that
    is free for the doctor, clear of lunch and of the patient's other visits, on a day the patient can come,
    within the guideline's window."""
    movers = sorted((b for b in s.bookings if b.date == away.date and b.with_ == away.doctor), key=lambda b: not b.urgent)
    busy = defaultdict(list)  # (date, doctor or patient) -> (start, end)
    for b in s.bookings:
        if b not in movers:
            busy[(b.date, b.with_)].append((b.at, b.at + _length(s, b)))
            busy[(b.date, b.patient)].append((b.at, b.at + _length(s, b)))
    lunch = s.clinic.lunch
    for b in movers:
        patient = s.patient(b.patient)
        can = patient.available.days if patient.available else s.clinic.days
        limit = s.clinic.guidelines.urgent_rebook_within if b.urgent else away.within
        days = [away.date + dt.timedelta(days=k) for k in range(1, limit + 1)]
        places = ((day, t) for day in days if WEEKDAYS[day.weekday()] in set(can) & set(s.clinic.days)
                  for t in range(s.clinic.opens, s.clinic.closes - _length(s, b) + 1, 15 * 60))
        for day, t in places:
            span = (t, t + _length(s, b))
            if lunch and span[0] < lunch.until and lunch.from_ < span[1]:
                continue
            if any(span[0] < end and start < span[1] for who in (b.with_, b.patient) for start, end in busy[(day, who)]):
                continue
            busy[(day, b.with_)].append(span)
            busy[(day, b.patient)].append(span)
            break
        else:
            return False
    return True


@both
def test_away_day_can_be_cleared(jurisdiction, mode):
    """M11: announced during the day, 7–12 days ahead on an open day; four to eight bookings to move, one or two
    urgent, some patients free only on some weekdays; the three weeks after it are booked but at most half full,
    so a full rebooking exists."""
    for label, s in _days(jurisdiction, mode):
        events = [e for e in s.events if event_kind(e) == "away_day"]
        assert len(events) == 1 and not events[0].overnight, label
        away = events[0].away_day
        assert 7 <= (away.date - s.date).days <= 12 and WEEKDAYS[away.date.weekday()] in s.clinic.days, label
        assert away.reason, label
        movers = [b for b in s.bookings if b.date == away.date and b.with_ == away.doctor]
        assert 4 <= len(movers) <= 8 and 1 <= sum(b.urgent for b in movers) <= 2, label
        assert any(s.patient(b.patient).available for b in movers), label
        after = [b for b in s.bookings if away.date < b.date <= away.date + dt.timedelta(days=21)]
        assert len({b.date for b in after}) >= 10, label
        booked = defaultdict(int)
        for b in after:
            booked[(b.date, b.with_)] += s.visit_length(b)
        assert max(booked.values()) <= 0.5 * 7 * 60, label  # a seven-hour day of visits, at most half booked
        assert _rebooking_exists(s, away), label


def test_away_day_rebooking_plan_exists():
    """M11: the book's own rebooking plan (when the book module is present) moves everyone off the away day."""
    book = pytest.importorskip("simulator.scenario.book")
    for jurisdiction in ("ON", "US"):
        for label, s in _days(jurisdiction, "front_desk"):
            away = next(e.away_day for e in s.events if event_kind(e) == "away_day")
            plan = book.rebooking_plan(s, away)
            assert plan.solvable is True and len(plan.moves) == sum(
                b.date == away.date and b.with_ == away.doctor for b in s.bookings), (label, plan.problem)


def _abnormal(v):
    """The signs outside an adult's resting range: pulse over 100, respirations over 20, bp 140/90 or more."""
    systolic, diastolic = (int(x) for x in v.bp.split("/"))
    flagged = []
    if not 60 <= v.pulse <= 100:
        flagged.append("pulse")
    if not 12 <= v.respirations <= 20:
        flagged.append("respirations")
    if not (90 <= systolic < 140 and 60 <= diastolic < 90):
        flagged.append("bp")
    return flagged


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
def test_medical_assistant_mode_has_vitals_and_specimens(jurisdiction):
    """M16/M17: two exam rooms and a medical assistant; every visit has a reason and realistic vitals, about one in
    four with exactly one abnormal value; about one in three collects blood, urine or a swab."""
    visits = abnormal = collected = 0
    for label, s in _days(jurisdiction, "medical_assistant"):
        assert s.mode == "medical_assistant" and s.clinic.exam_rooms == 2, label
        assert any(m.role == "medical_assistant" for m in s.clinic.staff), label
        for a in s.schedule:
            v = a.vitals
            assert a.reason and v is not None, label
            assert 145 <= v.height_cm <= 200 and 18 <= v.weight_kg / (v.height_cm / 100) ** 2 <= 35, label
            flagged = _abnormal(v)
            assert len(flagged) <= 1, (label, a)
            if flagged == ["pulse"]:
                assert v.pulse > 100
            if flagged == ["respirations"]:
                assert v.respirations > 20
            if flagged == ["bp"]:
                assert [int(x) for x in v.bp.split("/")] >= [140, 90]
            for sp in a.specimens:
                assert sp.kind in ("blood", "urine", "swab") and sp.test, label
            visits += 1
            abnormal += bool(flagged)
            collected += bool(a.specimens)
        assert any(_abnormal(a.vitals) for a in s.schedule) and any(a.specimens for a in s.schedule), label
    assert 0.18 <= abnormal / visits <= 0.32 and 0.26 <= collected / visits <= 0.40, (abnormal, collected, visits)


def test_vitals_agree_with_the_reference_ranges():
    """The values the generator makes abnormal are the ones the grader's reference ranges flag."""
    ranges = pytest.importorskip("simulator.scenario.ranges")
    for label, s in _days("ON", "medical_assistant"):
        for a in s.schedule:
            assert ranges.abnormal_vitals(a.vitals.model_dump()) == _abnormal(a.vitals), (label, a.vitals)


@both
def test_front_desk_and_medical_assistant_days_are_the_same_day(jurisdiction, mode):
    """Medical-assistant mode adds the back office to the front-desk day of the same seed; it changes nothing else.
    A front-desk day has no vitals or specimens."""
    s = _day(4, 40, jurisdiction, "normal", mode)
    if mode == "front_desk":
        assert s.mode == "front_desk" and not any(a.vitals or a.specimens for a in s.schedule)
        assert not any(m.role == "medical_assistant" for m in s.clinic.staff)
        return
    fd = _day(4, 40, jurisdiction, "normal", "front_desk").model_dump()
    ma = s.model_dump()
    for a in ma["schedule"]:
        a["vitals"], a["specimens"] = None, ()
    ma["clinic"]["staff"] = tuple(m for m in ma["clinic"]["staff"] if m["role"] != "medical_assistant")
    for key in ("id", "title", "description", "mode"):
        ma[key] = fd[key]
    assert ma == fd


def test_new_and_referred_patients_stay_out_of_the_rest_of_the_day():
    """Nobody calls about, renews for, or books a patient the clinic has not met yet."""
    for jurisdiction in ("ON", "US"):
        for label, s in _days(jurisdiction, "front_desk"):
            new = {p.id for p in s.patients if isinstance(p, Patient) and p.new}
            assert not new & {c.about for c in _body(s, "call")}, label
            assert not new & {b.patient for b in s.bookings}, label
            assert not new & {w.patient for w in _body(s, "walk_in")}, label
            assert not new & {d.patient for d in _body(s, "document") if d.kind != "referral"}, label


def test_generate_mode_option(frontdesk):
    """`frontdesk generate --mode medical_assistant` prints the medical-assistant day; the default is front_desk."""
    code, out, _ = frontdesk("generate", "--seed", "6", "--mode", "medical_assistant")
    assert code == 0 and out == generate_day(6, mode="medical_assistant") and "mode: medical_assistant" in out
    assert frontdesk("generate", "--seed", "6")[1] == generate_day(6)
    with pytest.raises(SystemExit):  # argparse's own usage error, exit status 2
        frontdesk("generate", "--seed", "6", "--mode", "nurse")
    with pytest.raises(ValueError):
        generate_day(6, mode="nurse")


def test_medical_assistant_days_are_repeatable_and_pass_the_schema(tmp_path):
    """Byte-identical for the same arguments, and editors' schema check accepts them in both jurisdictions."""
    from test_schema import _check_jsonschema

    files = []
    for jurisdiction in ("ON", "US"):
        text = generate_day(9, 30, jurisdiction, "hard", mode="medical_assistant")
        assert text == generate_day(9, 30, jurisdiction, "hard", mode="medical_assistant")
        files.append(tmp_path / f"{jurisdiction}.yaml")
        files[-1].write_text(text, encoding="utf-8")
    result = _check_jsonschema(*files)
    assert result.returncode == 0, result.stdout + result.stderr
