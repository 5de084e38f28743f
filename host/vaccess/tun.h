/*
 * Linux TUN devices for the data path (IFF_TUN | IFF_NO_PI: each read or
 * write is one bare IPv4 or IPv6 packet), and the few interface settings the
 * daemon makes on them with plain ioctls (no netlink library).
 * Addresses are in host byte order.
 */
#ifndef HOST_VACCESS_TUN_H
#define HOST_VACCESS_TUN_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

/* Creates (or attaches to) TUN device name (a pattern like "pns%d" is
 * filled in); returns a non-blocking fd, or -1 with errno. */
int tun_open(char name[IFNAMSIZ]);
/* Sets the MTU and brings the interface up. */
int tun_up(const char *name, unsigned mtu);
/* Sets the interface's transmit queue length: for a TUN device, the
 * packets the kernel holds for the reader before it drops (tx_dropped). */
int tun_set_txqueuelen(const char *name, unsigned len);
/* Gives the interface a point-to-point address (peer 0: none, /32);
 * local 0 removes its IPv4 addresses. */
int tun_set_addr(const char *name, uint32_t local, uint32_t peer);
/* Adds or removes the host route addr/32 through the interface, with a
 * route MTU when mtu is non-zero. */
int tun_route(const char *name, uint32_t addr, bool add, unsigned mtu);
/* The same for the IPv6 route prefix::/64 (its first 8 octets). */
int tun_route6(const char *name, const uint8_t prefix[8], bool add, unsigned mtu);

#endif
