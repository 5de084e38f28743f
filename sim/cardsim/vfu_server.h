/* The vfio-user server of cardsim (see vfu_server.c, docs/cardsim.md). */
#ifndef CARDSIM_VFU_SERVER_H
#define CARDSIM_VFU_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "vfio_user.h"
#include "pcie_model.h"

struct vfu_server {
	struct pcie_model pm;
	int listen_fd;            /* everything from here on is zeroed by vfu_init */
	int client_fd;
	int db_fd;                /* the file behind BAR0's doorbell page */
	uint8_t *db_map;
	uint32_t db_seen[CARD_NUM_QUEUES][2];     /* the doorbell page as last looked at */
	bool db_page_used[CARD_NUM_QUEUES][2];    /* this client rings this doorbell on the page */
	uint8_t cfg[256];
	bool negotiated;
	bool verbose;
	char path[108];
	uint64_t msgs, errors_replied, clients_dropped;
	uint8_t msgbuf[VFIO_USER_MAX_MSG];
};

/* path NULL: no listening socket; clients come from vfu_attach_client. */
int vfu_init(struct vfu_server *s, const char *path, const char *trace, const char *firmware);
void vfu_fini(struct vfu_server *s);
int vfu_accept(struct vfu_server *s);
/* Serves the connected stream socket fd (which the server then owns) as the
 * client; the card starts from power-on. Only when there is no client. */
void vfu_attach_client(struct vfu_server *s, int fd);
/* Reads and answers one message; -1 when the client is gone (dropped). */
int vfu_handle_one(struct vfu_server *s);
void vfu_drop_client(struct vfu_server *s);
/* Passes doorbells written to the shared page to the card; returns how many. */
int vfu_apply_doorbells(struct vfu_server *s);
void vfu_set_sleeping(struct vfu_server *s, bool sleeping);

#endif
