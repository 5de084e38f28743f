/*
 * RFC 2637 (PPTP) constants and decoded message types.
 * Section numbers below are RFC 2637's.
 */
#ifndef HOST_PPTP_PPTP_H
#define HOST_PPTP_PPTP_H

#include <stdint.h>

#define PPTP_TCP_PORT          1723
#define PPTP_VERSION           0x0100      /* 1.0, sec 2.1 */
#define PPTP_MAGIC_COOKIE      0x1A2B3C4Du /* sec 1.4 */
#define PPTP_MSG_CONTROL       1           /* PPTP Message Type, sec 1.4 */
#define PPTP_MSG_MANAGEMENT    2
#define PPTP_HDR_LEN           12          /* Length, type, cookie, ctrl type, reserved0 */
#define PPTP_HOSTNAME_LEN      64
#define PPTP_VENDOR_LEN        64
#define PPTP_PHONE_LEN         64
#define PPTP_SUBADDR_LEN       64
#define PPTP_STATS_LEN         128

/* Control Message Types, sec 1.4 */
enum pptp_ctrl_type {
	PPTP_SCCRQ = 1,  /* Start-Control-Connection-Request */
	PPTP_SCCRP = 2,  /* Start-Control-Connection-Reply */
	PPTP_StopCCRQ = 3,
	PPTP_StopCCRP = 4,
	PPTP_ECHORQ = 5,
	PPTP_ECHORP = 6,
	PPTP_OCRQ = 7,   /* Outgoing-Call-Request */
	PPTP_OCRP = 8,
	PPTP_ICRQ = 9,   /* Incoming-Call-Request */
	PPTP_ICRP = 10,
	PPTP_ICCN = 11,  /* Incoming-Call-Connected */
	PPTP_CCRQ = 12,  /* Call-Clear-Request */
	PPTP_CDN = 13,   /* Call-Disconnect-Notify */
	PPTP_WEN = 14,   /* WAN-Error-Notify */
	PPTP_SLI = 15,   /* Set-Link-Info */
	PPTP_CTRL_TYPE_MAX = 15,
};

/* Exact message lengths (header included), from the layouts in sec 2.1-2.15. */
#define PPTP_SCCRQ_LEN    156
#define PPTP_SCCRP_LEN    156
#define PPTP_StopCCRQ_LEN 16
#define PPTP_StopCCRP_LEN 16
#define PPTP_ECHORQ_LEN   16
#define PPTP_ECHORP_LEN   20
#define PPTP_OCRQ_LEN     168
#define PPTP_OCRP_LEN     32
#define PPTP_ICRQ_LEN     220
#define PPTP_ICRP_LEN     24
#define PPTP_ICCN_LEN     28
#define PPTP_CCRQ_LEN     16
#define PPTP_CDN_LEN      148
#define PPTP_WEN_LEN      40
#define PPTP_SLI_LEN      24
#define PPTP_MSG_MAX_LEN  PPTP_ICRQ_LEN    /* longest defined message */

/* Framing / bearer capability and type bits, sec 2.1 / 2.7 */
#define PPTP_FRAMING_ASYNC   0x1u
#define PPTP_FRAMING_SYNC    0x2u
#define PPTP_BEARER_ANALOG   0x1u
#define PPTP_BEARER_DIGITAL  0x2u

/* Start-Control-Connection-Reply Result Codes, sec 2.2 */
enum pptp_sccrp_result {
	PPTP_SCCRP_OK = 1,
	PPTP_SCCRP_GENERAL_ERROR = 2,
	PPTP_SCCRP_CHANNEL_EXISTS = 3,   /* Command channel already exists */
	PPTP_SCCRP_NOT_AUTHORIZED = 4,
	PPTP_SCCRP_BAD_VERSION = 5,      /* protocol version not supported */
};

/* Stop-Control-Connection-Request Reason, sec 2.3 */
enum pptp_stop_reason {
	PPTP_STOP_NONE = 1,
	PPTP_STOP_PROTOCOL = 2,          /* can't support peer's version */
	PPTP_STOP_LOCAL_SHUTDOWN = 3,
};

/* Stop-Control-Connection-Reply / Echo-Reply Result Codes, sec 2.4 / 2.6 */
#define PPTP_RESULT_OK             1
#define PPTP_RESULT_GENERAL_ERROR  2

/* Outgoing-Call-Reply Result Codes, sec 2.8 */
enum pptp_ocrp_result {
	PPTP_OCRP_CONNECTED = 1,
	PPTP_OCRP_GENERAL_ERROR = 2,
	PPTP_OCRP_NO_CARRIER = 3,
	PPTP_OCRP_BUSY = 4,
	PPTP_OCRP_NO_DIAL_TONE = 5,
	PPTP_OCRP_TIMEOUT = 6,
	PPTP_OCRP_DO_NOT_ACCEPT = 7,
};

/* Incoming-Call-Reply Result Codes, sec 2.10 */
enum pptp_icrp_result {
	PPTP_ICRP_CONNECT = 1,
	PPTP_ICRP_GENERAL_ERROR = 2,
	PPTP_ICRP_DO_NOT_ACCEPT = 3,
};

/* Call-Disconnect-Notify Result Codes, sec 2.13 */
enum pptp_cdn_result {
	PPTP_CDN_LOST_CARRIER = 1,
	PPTP_CDN_GENERAL_ERROR = 2,
	PPTP_CDN_ADMIN_SHUTDOWN = 3,
	PPTP_CDN_REQUEST = 4,            /* disconnected because of a Call-Clear-Request */
};

/* General Error Codes, sec 2.16 */
enum pptp_general_error {
	PPTP_ERR_NONE = 0,
	PPTP_ERR_NOT_CONNECTED = 1,
	PPTP_ERR_BAD_FORMAT = 2,
	PPTP_ERR_BAD_VALUE = 3,
	PPTP_ERR_NO_RESOURCE = 4,
	PPTP_ERR_BAD_CALL_ID = 5,
	PPTP_ERR_PAC_ERROR = 6,
};

/* ---- decoded messages (host byte order, strings NUL-terminated) ---- */

struct pptp_sccrq {          /* also SCCRP: result/error used only there */
	uint16_t version;
	uint8_t result, error;
	uint32_t framing, bearer;
	uint16_t max_channels, firmware;
	char hostname[PPTP_HOSTNAME_LEN + 1];
	char vendor[PPTP_VENDOR_LEN + 1];
};

struct pptp_stopccrq { uint8_t reason; };
struct pptp_stopccrp { uint8_t result, error; };
struct pptp_echorq { uint32_t id; };
struct pptp_echorp { uint32_t id; uint8_t result, error; };

struct pptp_ocrq {
	uint16_t call_id, serial;
	uint32_t min_bps, max_bps, bearer, framing;
	uint16_t recv_window, proc_delay, phone_len;
	char phone[PPTP_PHONE_LEN + 1];
	char subaddr[PPTP_SUBADDR_LEN + 1];
};

struct pptp_ocrp {
	uint16_t call_id, peer_call_id;
	uint8_t result, error;
	uint16_t cause;
	uint32_t speed;
	uint16_t recv_window, proc_delay;
	uint32_t channel_id;
};

struct pptp_icrq {
	uint16_t call_id, serial;
	uint32_t bearer, channel_id;
	uint16_t dialed_len, dialing_len;
	char dialed[PPTP_PHONE_LEN + 1];
	char dialing[PPTP_PHONE_LEN + 1];
	char subaddr[PPTP_SUBADDR_LEN + 1];
};

struct pptp_icrp {
	uint16_t call_id, peer_call_id;
	uint8_t result, error;
	uint16_t recv_window, tx_delay;
};

struct pptp_iccn {
	uint16_t peer_call_id;
	uint32_t speed;
	uint16_t recv_window, tx_delay;
	uint32_t framing;
};

struct pptp_ccrq { uint16_t call_id; };

struct pptp_cdn {
	uint16_t call_id;
	uint8_t result, error;
	uint16_t cause;
	char stats[PPTP_STATS_LEN + 1];
};

struct pptp_wen {
	uint16_t peer_call_id;
	uint32_t crc_errors, framing_errors, hw_overruns, buf_overruns, timeouts, alignment_errors;
};

struct pptp_sli {
	uint16_t peer_call_id;
	uint32_t send_accm, recv_accm;
};

struct pptp_msg {
	uint16_t type;               /* enum pptp_ctrl_type */
	union {
		struct pptp_sccrq sccrq; /* SCCRQ and SCCRP */
		struct pptp_stopccrq stopccrq;
		struct pptp_stopccrp stopccrp;
		struct pptp_echorq echorq;
		struct pptp_echorp echorp;
		struct pptp_ocrq ocrq;
		struct pptp_ocrp ocrp;
		struct pptp_icrq icrq;
		struct pptp_icrp icrp;
		struct pptp_iccn iccn;
		struct pptp_ccrq ccrq;
		struct pptp_cdn cdn;
		struct pptp_wen wen;
		struct pptp_sli sli;
	} u;
};

#endif
