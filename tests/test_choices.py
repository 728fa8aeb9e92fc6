"""What the desk offers: the actions that make sense for each selected thing, with the fields they need
(simulator/ui/choices.py). The engine still has the last word."""

import pytest

from frontdesk.simulator.bots import BotDriver, make_bot
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.core.view import desk_view
from frontdesk.simulator.scenario import load_scenario
from frontdesk.simulator.ui.choices import FieldError, choices_for

from conftest import SCENARIOS

LAURA = load_scenario(SCENARIOS / "laura-day.yaml")


def at(seconds: int) -> Simulation:
    """laura-day played by the expert up to the simulated second ``seconds``."""
    sim = Simulation(LAURA)
    BotDriver(sim, make_bot("expert", LAURA, LAURA.seed)).advance_to(seconds)
    return sim


def labels(sel, sim):
    """The labels of the choices the desk offers for ``sel`` in ``sim``'s current view."""
    return [c.label for c in choices_for(sel, desk_view(sim), LAURA)]


def test_a_ringing_line_offers_only_to_answer():
    """While a line rings, the only thing to do with it is answer."""
    sim = Simulation(LAURA)
    sim.advance(10 * 3600 + 1)
    assert labels(("line", "1"), sim) == ["Answer"]


def test_an_answered_call_offers_what_fits_the_caller():
    """A pharmacist's call offers asking for each identifier, telling, declining, routing and ending, but no
    booking (that is for patients and their families); a question asked is not offered again."""
    sim = Simulation(LAURA)
    sim.advance(10 * 3600 + 1)  # the pharmacist asking for a Limited Use code
    sim.apply(A.AnswerCall(10 * 3600 + 3, 1))
    offered = labels(("line", "1"), sim)
    for word in ("Ask: name", "Ask: date of birth", "Ask: health card", "Tell them…", "Decline politely", "Put through to…", "Take a message for…",
                 "End call"):
        assert word in offered
    assert "Book appointment" not in offered
    sim.apply(A.VerifyCaller(10 * 3600 + 10, 1, ("name", "dob")))
    offered = labels(("line", "1"), sim)
    assert "Ask: name" not in offered and "Ask: date of birth" not in offered and "Ask: phone" in offered


def test_a_patients_own_call_offers_booking():
    """A patient calling to book is offered booking and cancelling."""
    sim = Simulation(LAURA)
    sim.advance(10 * 3600 + 20 * 60 + 1)  # Luc Tremblay, asking for an earlier visit
    sim.apply(A.AnswerCall(sim.now + 2, 1))
    offered = labels(("line", "1"), sim)
    assert "Book appointment" in offered and "Cancel appointment" in offered


def test_filing_offers_the_look_alike_charts():
    """Filing a result offers every chart with the printed surname, look-alikes included, with dates of birth."""
    sim = Simulation(LAURA)
    sim.advance(sim.start)  # the overnight documents are in the inbox at opening
    view = desk_view(sim)
    doc = next(d for d in view.inbox if d.printed_name == "Mario Santos")
    file_to = next(c for c in choices_for(("doc", doc.id), view, LAURA) if c.key == "file")
    options = file_to.fields[0].options
    assert any("Maria Santos" in o for o in options) and any("Mario Santos" in o for o in options)
    assert file_to.build({"chart": next(o for o in options if "Mario" in o)}) == A.FileDocument(0, doc.id, "mario-santos")


def test_a_patient_at_the_counter_is_greeted_first():
    """Someone at the counter can only be greeted until they are being served; then the check-in work opens."""
    sim = Simulation(LAURA)
    sim.advance(8 * 3600 + 52 * 60 + 10)  # Mr. Chen has just walked up
    assert labels(("counter", "chen"), sim) == ["Greet and serve"]
    sim.apply(A.GreetPatient(sim.now, "chen"))
    offered = labels(("counter", "chen"), sim)
    for word in ("Ask: name and birth date", "Ask for the card", "Ask: any changes?", "Update chart field", "Request lab results", "Check in"):
        assert word in offered


def test_typed_values_are_checked_in_words():
    """A field typed wrong (a pulse that is not a number) says how to write it, instead of failing."""
    sim = at(8 * 3600)
    rooms = choices_for(("room", "chen"), desk_view(sim), LAURA)
    assert rooms == []  # no exam rooms in front-desk mode
    ma = load_scenario(SCENARIOS / "ma-morning.yaml")
    sim = Simulation(ma)
    BotDriver(sim, make_bot("expert", ma, ma.seed)).advance_to(8 * 3600 + 44 * 60)
    view = desk_view(sim)
    assert view.rooms, "someone is roomed by then"
    vitals = next(c for c in choices_for(("room", view.rooms[0].patient), view, ma) if c.key == "vitals")
    try:
        vitals.build({"pulse": "fast", "respirations": "16", "bp": "120/80", "height_cm": "170", "weight_kg": "70"})
    except FieldError as exc:
        assert "Pulse" in str(exc) and "whole number" in str(exc)
    else:
        raise AssertionError("a pulse of 'fast' was accepted")


def test_every_choice_builds_or_explains_all_day():
    """Through the expert's day, every choice of everything on the desk builds an action from its defaults or
    says in words what is missing: no choice can crash the desk."""
    sim = Simulation(LAURA)
    driver = BotDriver(sim, make_bot("expert", LAURA, LAURA.seed))
    for minute in range(8 * 60, 18 * 60, 20):
        driver.advance_to(minute * 60)
        view = desk_view(sim)
        selections = [("desk",)] + [("line", str(l.line)) for l in view.lines] + \
            [("counter", c.patient) for c in view.counter] + [("waiting", w.patient) for w in view.waiting] + \
            [("doc", d.id) for d in view.inbox] + [("msg", m.id) for m in view.messages] + \
            [("booking", b.patient, b.date, f"{b.at // 3600}:{b.at % 3600 // 60:02d}") for b in view.reminder_list] + \
            [("waitlist", p) for p, _ in view.waiting_list]
        for sel in selections:
            for choice in choices_for(sel, view, LAURA):
                values = {f.key: (() if f.kind == "multi" else f.default) for f in choice.fields}
                try:
                    assert isinstance(choice.build(values), A.Action)
                except FieldError as exc:
                    assert str(exc)


def test_every_action_a_bot_can_take_has_a_place_on_the_desk():
    """Everything a bot can do, a student can do: every action type is built by some choice of the desk."""
    import ast
    import inspect

    import frontdesk.simulator.ui.choices as choices

    tree = ast.parse(inspect.getsource(choices))
    built = {node.func.attr for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and isinstance(node.func.value, ast.Name) and node.func.value.id == "A"}
    missing = sorted(cls.__name__ for cls in A.ACTION_TYPES.values() if cls.__name__ not in built)
    assert not missing, f"no way to do these from the desk: {missing}"


def test_the_rooming_form_asks_for_each_sign_the_visit_measures():
    """The vitals form always asks for the usual five signs, and for SpO2, pain or glucose only when the visit
    measured them; blank extras mean not taken, typed ones reach the action."""
    from frontdesk.simulator.scenario import load_scenario_text

    text = (SCENARIOS / "ma-morning.yaml").read_text(encoding="utf-8").replace(
        'bp: "146/92", height_cm: 176, weight_kg: 91.4}', 'bp: "146/92", height_cm: 176, weight_kg: 91.4, spo2: 93, pain: 7}')
    ma = load_scenario_text(text)
    sim = Simulation(ma)
    BotDriver(sim, make_bot("expert", ma, ma.seed)).advance_to(8 * 3600 + 44 * 60)
    view = desk_view(sim)
    room = next(r for r in view.rooms if r.patient == "morin-a")
    vitals = next(c for c in choices_for(("room", room.patient), view, ma) if c.key == "vitals")
    keys = [f.key for f in vitals.fields]
    assert keys == ["pulse", "respirations", "bp", "height_cm", "weight_kg", "spo2", "pain"]
    typed = {"pulse": "78", "respirations": "16", "bp": "146/92", "height_cm": "176", "weight_kg": "91.4"}
    assert vitals.build({**typed, "spo2": "93", "pain": "7"}) == A.RecordVitals(
        0, "morin-a", 78, 16, "146/92", 176.0, 91.4, spo2=93, pain=7)
    assert vitals.build(typed) == A.RecordVitals(0, "morin-a", 78, 16, "146/92", 176.0, 91.4)


def test_phoning_asks_which_number_only_of_a_patient_who_gave_one():
    """Phoning a patient who asked to be called at their own number asks which number to dial (no answer chosen
    for the student); for anyone else the form does not ask, and the call goes to the chart's phone."""
    from frontdesk.simulator.scenario import load_scenario_text

    from test_outbound import OUTBOUND, OWN_NUMBER

    for text, asks in ((OWN_NUMBER, True), (OUTBOUND, False)):
        scenario = load_scenario_text(text)
        view = desk_view(Simulation(scenario))
        (phone,) = [c for c in choices_for(("booking", "rem", "2026-03-03", "09:00"), view, scenario)
                    if c.key == "call"]
        numbers = [f for f in phone.fields if f.key == "number"]
        assert bool(numbers) == asks
        if asks:
            assert numbers[0].default == "" and [o.split(" · ")[0] for o in numbers[0].options] == ["home",
                                                                                                   "confidential"]
            chosen = phone.build({"purpose": "reminder", "number": numbers[0].options[1]})
            assert chosen == A.PlaceCall(0, "rem", "reminder", "confidential")
            with pytest.raises(FieldError, match="choose which number to call"):
                phone.build({"purpose": "reminder", "number": ""})
        else:
            assert phone.build({"purpose": "reminder"}) == A.PlaceCall(0, "rem", "reminder", "home")
