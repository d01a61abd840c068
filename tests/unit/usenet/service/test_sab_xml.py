"""``output=xml`` follows SABnzbd's XML shapes (its XmlOutputFactory rules)."""

from __future__ import annotations

from mediastack.usenet.api.xml_output import to_xml

HEAD = '<?xml version="1.0" encoding="UTF-8" ?>\n'


def test_keyword_replies_use_the_keyword_as_root() -> None:
    assert (
        to_xml("version", {"version": "4.5.1"}) == (HEAD + "<version>4.5.1</version>\n\n").encode()
    )
    assert (
        to_xml("get_cats", {"categories": ["*", "tv"]})
        == (
            HEAD + "<categories><category>*</category>\n<category>tv</category>\n</categories>\n\n"
        ).encode()
    )


def test_queue_slots_are_slot_elements_and_values_are_escaped() -> None:
    reply = {"queue": {"paused": False, "slots": [{"nzo_id": "x", "filename": "A&B <1>"}]}}
    assert to_xml("queue", reply).decode() == (
        HEAD + "<queue><paused>False</paused>\n<slots><slot><nzo_id>x</nzo_id>\n"
        "<filename>A&amp;B &lt;1&gt;</filename>\n</slot>\n</slots>\n</queue>\n\n"
    )


def test_replies_without_keyword_and_errors_are_results() -> None:
    assert to_xml("addfile", {"status": True, "nzo_ids": ["SABnzbd_nzo_1"]}).decode() == (
        HEAD + "<result><status>True</status>\n<nzo_ids><item>SABnzbd_nzo_1</item>\n"
        "</nzo_ids>\n</result>\n\n"
    )
    assert to_xml("pause", {"status": True}).decode() == (
        HEAD + "<result><status>True</status>\n</result>\n\n"
    )
    assert to_xml("queue", {"status": False, "error": "not implemented"}).decode() == (
        HEAD + "<result><status>False</status>\n<error>not implemented</error>\n</result>\n\n"
    )


def test_change_cat_answers_a_bare_status_and_nulls_are_empty() -> None:
    assert to_xml("change_cat", {"status": True}).decode() == HEAD + "<status>True</status>\n\n"
    assert to_xml("fullstatus", {"status": {"finishaction": None, "warnings": ["w"]}}).decode() == (
        HEAD + "<status><finishaction></finishaction>\n<warnings><warning>w</warning>\n"
        "</warnings>\n</status>\n\n"
    )
