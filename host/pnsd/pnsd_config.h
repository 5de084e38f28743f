/*
 * The configuration pnsd reads: which sections it knows, in the order
 * their commands are matched. The sections themselves live with the parts
 * that own them (common: core; pptp: vpdn; cli: access, aaa, engine,
 * logging, ios); only the list of them is pnsd's.
 */
#ifndef HOST_PNSD_PNSD_CONFIG_H
#define HOST_PNSD_PNSD_CONFIG_H

/* Register every section pnsd knows, in matching order: core, vpdn,
 * access, aaa, engine, logging, ios. 0 or -1. */
int pnsd_cfg_register_all(void);

#endif
