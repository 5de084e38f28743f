/*
 * The commands of mppecardctl over an open card engine, printed as text or
 * JSON. A library so that tests can run them on a card whose flows they
 * made (a card belongs to one process at a time: VFIO and cardsim both
 * allow one user, and a card is reset when it changes hands).
 */
#ifndef CARDCTL_H
#define CARDCTL_H

#include <stdbool.h>
#include <stdio.h>

struct mppe_engine;

/* argv: "info" | "selftest" | "stats" | "flow" "show" N | "firmware" "update" FILE | "reset".
 * Returns the exit status: 0 done, 1 the command failed (said why on err),
 * 2 usage. */
/* Only the syntax of argv, before a card is opened: 0 or 2 (said why on err). */
int cardctl_check(int argc, char **argv, FILE *err);
int cardctl_command(struct mppe_engine *e, int argc, char **argv, bool json, FILE *out, FILE *err);

/* "list" [--id VVVV:DDDD]: PCI functions with the card's ID (or the one
 * given). No card is not an error. */
int cardctl_list(int argc, char **argv, bool json, FILE *out, FILE *err);

#endif
