/*
 * RADIUS packets (RFC 2865, 2866, 2869, 3579, 5176; Microsoft attributes
 * RFC 2548): building requests, checking and reading responses. No I/O and
 * no state: radius_client.c sends what this builds and hands back what it
 * received. Everything that reads a packet from the network is
 * hostile-input code (fuzz_radius_response).
 *
 * The shared secret enters here only as a (pointer, length) pair; nothing
 * in this file logs.
 */
#ifndef HOST_RADIUS_PKT_H
#define HOST_RADIUS_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RAD_HDR_LEN      20
#define RAD_MAX_LEN      4096     /* RFC 2865 3: the largest packet */
#define RAD_AUTH_LEN     16
#define RAD_MAX_ATTRS    128      /* more in one response: dropped as hostile */
#define RAD_SECRET_MAX   128

enum rad_code {
	RAD_ACCESS_REQUEST = 1,
	RAD_ACCESS_ACCEPT = 2,
	RAD_ACCESS_REJECT = 3,
	RAD_ACCOUNTING_REQUEST = 4,
	RAD_ACCOUNTING_RESPONSE = 5,
	RAD_ACCESS_CHALLENGE = 11,
	RAD_DISCONNECT_REQUEST = 40,
	RAD_DISCONNECT_ACK = 41,
	RAD_DISCONNECT_NAK = 42,
	RAD_COA_REQUEST = 43,
	RAD_COA_ACK = 44,
	RAD_COA_NAK = 45,
};

enum rad_attr_type {
	RAD_USER_NAME = 1,
	RAD_USER_PASSWORD = 2,
	RAD_CHAP_PASSWORD = 3,
	RAD_NAS_IP_ADDRESS = 4,
	RAD_NAS_PORT = 5,
	RAD_SERVICE_TYPE = 6,
	RAD_FRAMED_PROTOCOL = 7,
	RAD_FRAMED_IP_ADDRESS = 8,
	RAD_REPLY_MESSAGE = 18,
	RAD_CLASS = 25,
	RAD_VENDOR_SPECIFIC = 26,
	RAD_SESSION_TIMEOUT = 27,
	RAD_IDLE_TIMEOUT = 28,
	RAD_CALLING_STATION_ID = 31,
	RAD_NAS_IDENTIFIER = 32,
	RAD_ACCT_STATUS_TYPE = 40,
	RAD_ACCT_DELAY_TIME = 41,
	RAD_ACCT_INPUT_OCTETS = 42,
	RAD_ACCT_OUTPUT_OCTETS = 43,
	RAD_ACCT_SESSION_ID = 44,
	RAD_ACCT_AUTHENTIC = 45,
	RAD_ACCT_SESSION_TIME = 46,
	RAD_ACCT_INPUT_PACKETS = 47,
	RAD_ACCT_OUTPUT_PACKETS = 48,
	RAD_ACCT_TERMINATE_CAUSE = 49,
	RAD_ACCT_INPUT_GIGAWORDS = 52,
	RAD_ACCT_OUTPUT_GIGAWORDS = 53,
	RAD_CHAP_CHALLENGE = 60,
	RAD_NAS_PORT_TYPE = 61,
	RAD_PORT_LIMIT = 62,
	RAD_MESSAGE_AUTHENTICATOR = 80,
	RAD_ACCT_INTERIM_INTERVAL = 85,
	RAD_FRAMED_POOL = 88,
	RAD_ERROR_CAUSE = 101,
};

#define RAD_VENDOR_MICROSOFT 311
enum rad_ms_type {                  /* RFC 2548 */
	RAD_MS_CHAP_RESPONSE = 1,
	RAD_MS_CHAP_ERROR = 2,
	RAD_MS_MPPE_ENCRYPTION_POLICY = 7,
	RAD_MS_MPPE_ENCRYPTION_TYPES = 8,
	RAD_MS_CHAP_CHALLENGE = 11,
	RAD_MS_CHAP_MPPE_KEYS = 12,
	RAD_MS_MPPE_SEND_KEY = 16,
	RAD_MS_MPPE_RECV_KEY = 17,
	RAD_MS_CHAP2_RESPONSE = 25,
	RAD_MS_CHAP2_SUCCESS = 26,
	RAD_MS_PRIMARY_DNS_SERVER = 28,
	RAD_MS_SECONDARY_DNS_SERVER = 29,
};

struct rad_secret {
	const uint8_t *s;
	size_t len;
};

/* ---- building ---- */
struct rad_pkt {
	uint8_t buf[RAD_MAX_LEN];
	size_t len;
	size_t ma_off;              /* offset of the Message-Authenticator value; 0: none */
	bool overflow;              /* an attribute did not fit: rad_finish fails */
};

/* Header with code, id and the authenticator (a Request Authenticator for
 * Access-Request; zero for the others, rad_finish computes it). */
void rad_init(struct rad_pkt *p, uint8_t code, uint8_t id, const uint8_t auth[RAD_AUTH_LEN]);
void rad_add(struct rad_pkt *p, uint8_t type, const void *val, size_t len);     /* len <= 253 */
void rad_add_u32(struct rad_pkt *p, uint8_t type, uint32_t v);
void rad_add_str(struct rad_pkt *p, uint8_t type, const char *s);
void rad_add_vsa(struct rad_pkt *p, uint32_t vendor, uint8_t vtype, const void *val, size_t len);
/* A zeroed Message-Authenticator; rad_finish fills it (RFC 3579 3.2). */
void rad_add_message_authenticator(struct rad_pkt *p);
/* User-Password hidden with the secret and the Request Authenticator
 * already in the header (RFC 2865 5.2); at most 128 octets. */
void rad_add_user_password(struct rad_pkt *p, const struct rad_secret *sec, const uint8_t *pw, size_t len);
/* Sets the length, then: Access-Request: the Message-Authenticator;
 * Accounting-, Disconnect-, CoA-Request: the Request Authenticator
 * (RFC 2866 3, RFC 5176 3.5). Responses (code 2/3/5/11/41/42/44/45): the
 * Message-Authenticator and the Response Authenticator over req_auth.
 * 0, or -1 when an attribute did not fit. */
int rad_finish(struct rad_pkt *p, const struct rad_secret *sec, const uint8_t *req_auth);

/* ---- reading ---- */
struct rad_attr {
	uint8_t type;               /* RADIUS type; for a VSA sub-attribute: 26 */
	uint32_t vendor;            /* 0 unless inside a Vendor-Specific attribute */
	uint8_t vtype;              /* vendor type */
	uint8_t len;                /* value length */
	const uint8_t *val;
};

struct rad_view {
	const uint8_t *pkt;         /* the packet as received (not copied) */
	size_t len;                 /* from the Length field (octets after it are padding) */
	uint8_t code, id;
	unsigned n;
	struct rad_attr a[RAD_MAX_ATTRS];
	int ma;                     /* index of Message-Authenticator in a[], -1 if none */
};

/* Checks the framing: header, Length, every attribute fits, Microsoft
 * VSAs split into sub-attributes, at most one Message-Authenticator of
 * 16 octets. 0, or -1 and *why. Does not check authenticators. */
int rad_parse(const uint8_t *buf, size_t n, struct rad_view *v, const char **why);
/* A response to the request whose authenticator was req_auth: the
 * Response Authenticator (RFC 2865 3) and the Message-Authenticator, which
 * must be present when require_ma (BlastRADIUS: every Access-* response).
 * 0, or -1 and *why. */
int rad_verify_response(const struct rad_view *v, const struct rad_secret *sec,
			const uint8_t req_auth[RAD_AUTH_LEN], bool require_ma, const char **why);
/* A Disconnect-/CoA-Request (RFC 5176 3.5) or Accounting-Request. */
int rad_verify_request(const struct rad_view *v, const struct rad_secret *sec, const char **why);

const struct rad_attr *rad_find(const struct rad_view *v, uint8_t type);
const struct rad_attr *rad_find_ms(const struct rad_view *v, uint8_t vtype);
bool rad_get_u32(const struct rad_attr *a, uint32_t *out);

/* Reverses the RFC 2865 5.2 hiding (User-Password, MS-CHAP-MPPE-Keys) or,
 * with salt, RFC 2548 2.4.2 (MS-MPPE-Send-Key/Recv-Key): len must be a
 * multiple of 16 and at most 240. 0, or -1. */
int rad_unhide(const struct rad_secret *sec, const uint8_t req_auth[RAD_AUTH_LEN], const uint8_t *salt,
	       const uint8_t *in, size_t len, uint8_t *out);
/* MS-MPPE-Send-Key / -Recv-Key value (Salt, String) -> key (Key-Length
 * octets, at most cap). Returns the key length, or -1. */
int rad_mppe_key(const struct rad_attr *a, const struct rad_secret *sec, const uint8_t req_auth[RAD_AUTH_LEN],
		 uint8_t *key, size_t cap);

const char *rad_code_name(uint8_t code);

#endif
