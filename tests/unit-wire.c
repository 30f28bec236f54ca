/* unit-wire.c: unit tests for the wire protocol and name rules in wire.c.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "unit.h"


/* Parses line into the one message, checks it formats back to itself,
 * and returns it.  (Not by value: a QUIT's text points into it.) */
static struct wireMsg m;
static struct wireMsg *parse(const char *line, int at)
{
	char buf[CHAT_WIRE_MAX + 2], want[CHAT_WIRE_MAX + 2];
	wireParse(line, &m);
	snprintf(want, sizeof(want), "%s\n", line);
	size_t n = wireFormat(buf, sizeof(buf), &m);
	if (n != strlen(want) || strcmp(buf, want)) {
		FAIL_AT(at, "\"%s\" formats back as \"%s\"", line, n ? buf : "(nothing)");
	}
	return &m;
}
#define PARSE(line) parse(line, __LINE__)

static void testMessages(void)
{
	PARSE("<alice> hello there");
	CHECK(m.type == WIRE_CHAT && !m.history);
	CHECK(!strcmp(m.name, "alice") && !strcmp(m.text, "hello there"));
	PARSE("<127.0.0.1:5555> hi");
	CHECK(m.type == WIRE_CHAT && !strcmp(m.name, "127.0.0.1:5555"));
	PARSE("<[::1]:5555> <bob> fake");
	CHECK(m.type == WIRE_CHAT && !strcmp(m.name, "[::1]:5555") && !strcmp(m.text, "<bob> fake"));
	PARSE("<alice> ");
	CHECK(m.type == WIRE_CHAT && !strcmp(m.text, ""));
	PARSE("* alice waves");
	CHECK(m.type == WIRE_ACTION && !strcmp(m.name, "alice") && !strcmp(m.text, "waves"));
	PARSE("*alice* psst");
	CHECK(m.type == WIRE_PRIVATE && !strcmp(m.name, "alice") && !strcmp(m.text, "psst"));
	PARSE("-> *bob* psst back");
	CHECK(m.type == WIRE_PRIVATE_SENT && !strcmp(m.name, "bob") && !strcmp(m.text, "psst back"));
}

static void testHistory(void)
{
	PARSE("[2026-11-26T12:00:00Z] <alice> earlier");
	CHECK(m.type == WIRE_CHAT && m.history && m.when == 1795694400);
	CHECK(!strcmp(m.name, "alice") && !strcmp(m.text, "earlier"));
	PARSE("[1970-01-01T00:00:00Z] * bob did");
	CHECK(m.type == WIRE_ACTION && m.history && m.when == 0 && !strcmp(m.text, "did"));
	PARSE("[2024-02-29T23:59:59Z] <a> leap");
	CHECK(m.history && m.when == 1709251199);
	static const char *bad[] = {
		"[2026-02-30T12:00:00Z] <alice> no such day",
		"[2026-13-01T12:00:00Z] <alice> no such month",
		"[2026-11-26T24:00:00Z] <alice> no such hour",
		"[2026-11-26 12:00:00Z] <alice> no T",
		"[2026-11-26T12:00:00] <alice> no Z",
		"[2026-11-26T12:00:00Z]<alice> no space",
		"[2026-11-26T12:00:00Z] -!- info: not a message",
		"[2026-11-26T12:00:00Z] *alice* private",
		"[+026-11-26T12:00:00Z] <alice> sign",
		"[2026-11-26T12:00:00Z] ",
		"[",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		PARSE(bad[i]);
		CHECK(m.type == WIRE_RAW && !m.history && m.text == bad[i]);
	}
}

static void testNotices(void)
{
	PARSE("-!- welcome alice: 3 online, /help for commands");
	CHECK(m.type == WIRE_WELCOME && !strcmp(m.name, "alice") && m.count == 3);
	PARSE("-!- welcome [::1]:40000: 1 online, /help for commands");
	CHECK(m.type == WIRE_WELCOME && !strcmp(m.name, "[::1]:40000") && m.count == 1);
	PARSE("-!- join 127.0.0.1:5555: 12 online");
	CHECK(m.type == WIRE_JOIN && !strcmp(m.name, "127.0.0.1:5555") && m.count == 12);
	PARSE("-!- quit bob: 0 online (bye (for now))");
	CHECK(m.type == WIRE_QUIT && !strcmp(m.name, "bob") && m.count == 0);
	CHECK(!strcmp(m.text, "bye (for now)"));
	PARSE("-!- quit bob: 2 online ()");
	CHECK(m.type == WIRE_QUIT && !strcmp(m.text, ""));
	/* An address name as long as allowed, also followed by a colon. */
	PARSE("-!- quit [fe80::aaaa:bbbb:cccc:dddd%a-very-long-interface-name-et0]:65535: 1 online (x)");
	CHECK(m.type == WIRE_QUIT && strlen(m.name) == CHAT_ADDRNAME_MAX);
	PARSE("-!- error no-such-name [fe80::aaaa:bbbb:cccc:dddd%a-very-long-interface-name-et0]:65535: x");
	CHECK(m.type == WIRE_ERROR && strlen(m.name2) == CHAT_ADDRNAME_MAX);
	PARSE("-!- join [fe80::aaaa:bbbb:cccc:dddd%a-very-long-interface-name!]:65535: 1 online");
	CHECK(m.type == WIRE_RAW);
	PARSE("-!- nick bob robert");
	CHECK(m.type == WIRE_NICK && !strcmp(m.name, "bob") && !strcmp(m.name2, "robert"));
	CHECK(m.text && !strcmp(m.text, ""));
	PARSE("-!- nick 127.0.0.1:5555 carol");
	CHECK(m.type == WIRE_NICK && !strcmp(m.name, "127.0.0.1:5555") && !strcmp(m.name2, "carol"));
	PARSE("-!- who 3: alice bob [::1]:5555");
	CHECK(m.type == WIRE_WHO && m.count == 3 && !strcmp(m.text, "alice bob [::1]:5555"));
	/* The verified mark: on a join, a nick's new name, who's names. */
	PARSE("-!- join +alice: 2 online");
	CHECK(m.type == WIRE_JOIN && !strcmp(m.name, "alice") && m.verified && m.count == 2);
	PARSE("-!- join alice: 2 online");
	CHECK(m.type == WIRE_JOIN && !m.verified);
	PARSE("-!- join ++alice: 2 online");
	CHECK(m.type == WIRE_RAW);
	PARSE("-!- join + alice: 2 online");
	CHECK(m.type == WIRE_RAW);
	PARSE("-!- nick 127.0.0.1:5555 +carol");
	CHECK(m.type == WIRE_NICK && !strcmp(m.name2, "carol") && m.verified);
	PARSE("-!- nick carol carol");
	CHECK(m.type == WIRE_NICK && !strcmp(m.name2, "carol") && !m.verified);
	PARSE("-!- nick +bob robert");
	CHECK(m.type == WIRE_RAW);
	PARSE("-!- nick bob +");
	CHECK(m.type == WIRE_RAW);
	PARSE("-!- who 3: +alice bob +[::1]:5555");
	CHECK(m.type == WIRE_WHO && !strcmp(m.text, "+alice bob +[::1]:5555"));
	PARSE("-!- who 2: +alice +");
	CHECK(m.type == WIRE_RAW);
	PARSE("-!- who 2: +alice ++bob");
	CHECK(m.type == WIRE_RAW);
	PARSE("-!- error name-taken bob: that name is taken");
	CHECK(m.type == WIRE_ERROR && !strcmp(m.code, "name-taken"));
	CHECK(!strcmp(m.name2, "bob") && !strcmp(m.text, "that name is taken"));
	PARSE("-!- error no-such-name [::1]:5555: nobody by that name");
	CHECK(m.type == WIRE_ERROR && !strcmp(m.name2, "[::1]:5555"));
	PARSE("-!- error usage: /msg NAME TEXT");
	CHECK(m.type == WIRE_ERROR && !strcmp(m.code, "usage") && !strcmp(m.name2, ""));
	CHECK(!strcmp(m.text, "/msg NAME TEXT"));
	PARSE("-!- info: the server says: hi");
	CHECK(m.type == WIRE_INFO && !strcmp(m.text, "the server says: hi"));
	PARSE("-!- shutdown: going down");
	CHECK(m.type == WIRE_SHUTDOWN && !strcmp(m.text, "going down"));
}

/* Anything not exactly in the grammar is shown as it is. */
static void testRaw(void)
{
	static const char *raw[] = {
		"", "hello", "<alice>hi", "<alice>", "<al ice> hi", "<> hi", "<9lives> hi",
		"<alice_with_a_very_long_name> hi", "* alice", "*alice*", "*alice*hi",
		"*al ice* hi", "-> *alice*", "->*alice* hi", "-!-", "-!- ", "-!- unknown: x",
		"-!- welcome alice: 3 online", "-!- welcome alice 3 online, /help for commands",
		"-!- welcome alice: 3 online, /help for commands ",
		"-!- welcome alice: -3 online, /help for commands",
		"-!- welcome alice: 03 online, /help for commands",
		"-!- welcome alice: 1234567890 online, /help for commands",
		"-!- join alice: 3 online!", "-!- join alice:: 3 online", "-!- join : 3 online",
		"-!- join alice: x online", "-!- quit bob: 1 online (bye", "-!- quit bob: 1 online bye)",
		"-!- nick bob", "-!- nick bob  robert", "-!- nick bob robert x", "-!- nick bob ro*bert",
		"-!- who 2: alice  bob", "-!- who 2: alice bob ", "-!- who 2:alice", "-!- who x: alice",
		"-!- who 1: <alice>", "-!- error : x", "-!- error code", "-!- error code x",
		"-!- error code arg more: x", "-!- error co:de: x", "-!- error c\xC3\xA9: x",
		"-!- error code caf\xC3\xA9: x", "-!- error code a\tb: x",
		"-!- info:x", "-!- info", "-!- shutdown", " <alice> hi", "\x1B[31m<alice> hi",
		"<1.2.3.4> no port", "<[::1]> no port", "<1.2.3.4:123456> long port",
		"<[a b]:1> space", "<:80> no host", "<[]:1> empty", "<1.2.3.4:> empty port", "<host:80> host",
	};
	for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++) {
		PARSE(raw[i]);
		if (m.type != WIRE_RAW || m.text != raw[i]) {
			FAIL("\"%s\" is type %d, not raw", raw[i], m.type);
		}
	}
}

static void testFormat(void)
{
	char buf[64];
	m = (struct wireMsg) { .type = WIRE_CHAT, .text = "hi" };
	strcpy(m.name, "alice");
	CHECK(wireFormat(buf, sizeof(buf), &m) == 11 && !strcmp(buf, "<alice> hi\n"));
	CHECK(wireFormat(buf, 12, &m) == 11);
	CHECK(wireFormat(buf, 11, &m) == 0);
	m.text = "two\nlines";
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	m.text = NULL;
	CHECK(wireFormat(buf, sizeof(buf), &m) == 9 && !strcmp(buf, "<alice> \n"));
	strcpy(m.name, "bad name");
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	m = (struct wireMsg) { .type = WIRE_INFO, .history = true, .text = "x" };
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	m = (struct wireMsg) { .type = WIRE_WHO, .count = 2, .text = "a b" };
	CHECK(wireFormat(buf, sizeof(buf), &m) && !strcmp(buf, "-!- who 2: a b\n"));
	m.text = "a <b>";
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	m.text = "+a b";
	CHECK(wireFormat(buf, sizeof(buf), &m) && !strcmp(buf, "-!- who 2: +a b\n"));
	m.verified = true;
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	m = (struct wireMsg) { .type = WIRE_JOIN, .count = 1, .verified = true };
	strcpy(m.name, "alice");
	CHECK(wireFormat(buf, sizeof(buf), &m) && !strcmp(buf, "-!- join +alice: 1 online\n"));
	m = (struct wireMsg) { .type = WIRE_NICK, .verified = true };
	strcpy(m.name, "alice");
	strcpy(m.name2, "ada");
	CHECK(wireFormat(buf, sizeof(buf), &m) && !strcmp(buf, "-!- nick alice +ada\n"));
	m.type = WIRE_CHAT;
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	m = (struct wireMsg) { .type = WIRE_JOIN, .count = -1 };
	strcpy(m.name, "alice");
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	m = (struct wireMsg) { .type = WIRE_ERROR, .text = "t" };
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	strcpy(m.code, "c");
	strcpy(m.name2, "a b");
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	m = (struct wireMsg) { .type = (enum wireType)99 };
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	m = (struct wireMsg) { .type = WIRE_ACTION, .history = true, .when = 1795694400, .text = "x" };
	strcpy(m.name, "bob");
	CHECK(wireFormat(buf, sizeof(buf), &m) && !strcmp(buf, "[2026-11-26T12:00:00Z] * bob x\n"));
	m.when = 253402300800;  /* the year 10000 does not fit the format */
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
}

/* wireSaid: what wireFormat makes of a line said now, without a wireMsg. */
static void testSaid(void)
{
	char buf[64], want[64];
	const enum wireType types[] = { WIRE_CHAT, WIRE_ACTION };
	const char *texts[] = { "hi", "", "caf\xc3\xa9 <b> * x" };
	for (size_t i = 0; i < 2; i++) {
		for (size_t j = 0; j < 3; j++) {
			m = (struct wireMsg) { .type = types[i], .text = texts[j] };
			strcpy(m.name, "alice");
			size_t n = wireFormat(want, sizeof(want), &m);
			CHECK(n && wireSaid(buf, sizeof(buf), types[i], "alice", texts[j]) == n &&
			    !strcmp(buf, want));
		}
	}
	CHECK(wireSaid(buf, 12, WIRE_CHAT, "alice", "hi") == 11 && !strcmp(buf, "<alice> hi\n"));
	CHECK(wireSaid(buf, 11, WIRE_CHAT, "alice", "hi") == 0);
	CHECK(wireSaid(buf, sizeof(buf), WIRE_CHAT, "alice", "two\nlines") == 0);
	CHECK(wireSaid(buf, sizeof(buf), WIRE_INFO, "alice", "hi") == 0);
	CHECK(wireSaid(buf, sizeof(buf), WIRE_PRIVATE, "alice", "hi") == 0);
}

/* Line IDs: on room lines live and replayed, and the three notices. */
static void testIds(void)
{
	PARSE("#42 <alice> hi");
	CHECK(m.type == WIRE_CHAT && m.id == 42 && !m.history && !strcmp(m.text, "hi"));
	PARSE("#999999999999999999 * bob waves");
	CHECK(m.type == WIRE_ACTION && m.id == 999999999999999999ULL);
	PARSE("[2026-11-26T12:00:00Z] #7 <alice> hi");
	CHECK(m.type == WIRE_CHAT && m.history && m.id == 7);
	PARSE("-!- hello: ids max-line=200");
	CHECK(m.type == WIRE_HELLO && !strcmp(m.text, "ids max-line=200"));
	PARSE("-!- ids 1 3 5 5");
	CHECK(m.type == WIRE_IDS && m.id == 1 && m.idFrom == 3 && m.idTo == 5 && m.idLast == 5);
	PARSE("-!- ids 1 1 0 0");
	CHECK(m.type == WIRE_IDS && m.idTo == 0 && m.idLast == 0);
	PARSE("-!- ok 6 8");
	CHECK(m.type == WIRE_OK && m.id == 6 && m.idLast == 8);
	static const char *bad[] = {
		"#0 <alice> hi", "#07 <alice> hi", "#1000000000000000000 <alice> hi",
		"#x <alice> hi", "#1 hi", "#1  <alice> hi", "-!- ids 1 2 3", "-!- ids 0 1 1 1",
		"-!- ids 1 0 1 1", "-!- ok 0 1", "-!- ok 1 0", "-!- ok 1 2 ", "-!- hello",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		wireParse(bad[i], &m);
		CHECK(m.type == WIRE_RAW || (m.type == WIRE_CHAT && !m.id));
	}
	char buf[64];
	m = (struct wireMsg) { .type = WIRE_INFO, .id = 3, .text = "x" };
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	char value[8];
	CHECK(wireCap("ids max-line=200", "ids", NULL, 0));
	CHECK(wireCap("ids max-line=200", "max-line", value, sizeof(value)) && !strcmp(value, "200"));
	CHECK(wireCap("max-line=12345678 ids", "max-line", value, sizeof(value)) &&
	    !strcmp(value, "1234567"));
	CHECK(!wireCap("idsx max", "ids", NULL, 0));
	CHECK(!wireCap("", "ids", NULL, 0));
}

/* /away and its answers. */
static void testAway(void)
{
	PARSE("-!- away alice: gone to lunch");
	CHECK(m.type == WIRE_AWAY && !strcmp(m.name, "alice") && !strcmp(m.text, "gone to lunch"));
	PARSE("-!- away 127.0.0.1:5555: a: b");
	CHECK(m.type == WIRE_AWAY && !strcmp(m.name, "127.0.0.1:5555") && !strcmp(m.text, "a: b"));
	PARSE("-!- back bob");
	CHECK(m.type == WIRE_BACK && !strcmp(m.name, "bob"));
	static const char *bad[] = {
		"-!- away alice:", "-!- away alice: ", "-!- away alice lunch", "-!- away : x",
		"-!- back", "-!- back ", "-!- back bob x", "-!- back b*b",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		wireParse(bad[i], &m);
		CHECK(m.type == WIRE_RAW);
	}
	char buf[64];
	m = (struct wireMsg) { .type = WIRE_AWAY, .text = "" };
	strcpy(m.name, "alice");
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
}

/* An operator's acts: "-!- VERB NAME by OPERATOR[: REASON]". */
static void testMod(void)
{
	PARSE("-!- kick bob by ada: spamming: links");
	CHECK(m.type == WIRE_MOD && !strcmp(m.code, "kick") && !strcmp(m.name, "bob"));
	CHECK(!strcmp(m.name2, "ada") && !strcmp(m.text, "spamming: links"));
	PARSE("-!- ban 127.0.0.1:5555 by ada");
	CHECK(m.type == WIRE_MOD && !strcmp(m.code, "ban") && !strcmp(m.name, "127.0.0.1:5555"));
	CHECK(!strcmp(m.name2, "ada") && !strcmp(m.text, ""));
	PARSE("-!- mute bob by [::1]:5555");
	CHECK(m.type == WIRE_MOD && !strcmp(m.code, "mute") && !strcmp(m.name2, "[::1]:5555"));
	PARSE("-!- unmute bob by [::1]:5555: x");
	CHECK(m.type == WIRE_MOD && !strcmp(m.name2, "[::1]:5555") && !strcmp(m.text, "x"));
	PARSE("-!- unban bob by ada");
	CHECK(m.type == WIRE_MOD && !strcmp(m.code, "unban"));
	PARSE("-!- free bob by ada");
	CHECK(m.type == WIRE_MOD && !strcmp(m.code, "free"));
	static const char *bad[] = {
		"-!- kick bob", "-!- kick bob by", "-!- kick bob by ", "-!- kick bob ada",
		"-!- kick bob by ada x", "-!- kick bob by a*a", "-!- kick b*b by ada",
		"-!- kill bob by ada", "-!- kick  bob by ada", "-!- kick bob by ada:x",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		PARSE(bad[i]);
		if (m.type != WIRE_RAW) FAIL("\"%s\" is type %d, not raw", bad[i], m.type);
	}
	char buf[64];
	m = (struct wireMsg) { .type = WIRE_MOD, .text = "t" };
	strcpy(m.name, "bob");
	strcpy(m.name2, "ada");
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);    /* no verb */
	strcpy(m.code, "kill");
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	strcpy(m.code, "kick");
	CHECK(wireFormat(buf, sizeof(buf), &m) && !strcmp(buf, "-!- kick bob by ada: t\n"));
	strcpy(m.name2, "a b");
	CHECK(wireFormat(buf, sizeof(buf), &m) == 0);
	CHECK(wireAnyNameValid("[::1]:5555") && wireAnyNameValid("bob") && !wireAnyNameValid("b b"));
}

static void testNames(void)
{
	static const char *good[] = { "a", "alice", "Bob-2", "x_y", "abcdefghijklmnop" };
	static const char *bad[] = {
		"", "2bob", "-x", "_x", "al ice", "abcdefghijklmnopq", "caf\xC3\xA9", "a:b",
		"a*", "<a>", "127.0.0.1:5555", "a\n",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) CHECK(wireNameValid(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) CHECK(!wireNameValid(bad[i]));
	CHECK(wireNameCompare("Alice", "aLICE") == 0);
	CHECK(wireNameCompare("alice", "bob") < 0);
	CHECK(wireNameCompare("bob", "Alice") > 0);
	CHECK(wireNameCompare("al", "alice") < 0);
	CHECK(wireNameCompare("a-b", "a_b") != 0);
}

int main(void)
{
	testMessages();
	testHistory();
	testNotices();
	testRaw();
	testFormat();
	testSaid();
	testIds();
	testAway();
	testMod();
	testNames();
	return unitStatus();
}
