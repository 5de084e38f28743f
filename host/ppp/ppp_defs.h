/*
 * PPP constants: protocol numbers, packet codes and option types, from
 * RFC 1661 (LCP), RFC 1332/1877 (IPCP), RFC 1962/3078 (CCP, MPPE),
 * RFC 1994 (CHAP), RFC 2433/2759 (MS-CHAP), RFC 1334 (PAP).
 */
#ifndef PPP_DEFS_H
#define PPP_DEFS_H

/* PPP protocol field values (RFC 1661 section 2, IANA) */
#define PPP_IP        0x0021
#define PPP_IPV6      0x0057
#define PPP_COMP      0x00FD   /* RFC 1962: compressed (here: MPPE) datagram */
#define PPP_IPCP      0x8021
#define PPP_IPV6CP    0x8057
#define PPP_CCP       0x80FD
#define PPP_LCP       0xC021
#define PPP_PAP       0xC023
#define PPP_LQR       0xC025
#define PPP_CHAP      0xC223

#define PPP_ALLSTATIONS 0xFF   /* RFC 1662 3.1 address field */
#define PPP_UI          0x03   /* RFC 1662 3.1 control field */

/* Control protocol codes (RFC 1661 section 5; CCP adds 14/15, RFC 1962) */
#define CP_CONFREQ    1
#define CP_CONFACK    2
#define CP_CONFNAK    3
#define CP_CONFREJ    4
#define CP_TERMREQ    5
#define CP_TERMACK    6
#define CP_CODEREJ    7
#define LCP_PROTREJ   8
#define LCP_ECHOREQ   9
#define LCP_ECHOREP   10
#define LCP_DISCREQ   11
#define LCP_IDENT     12       /* RFC 1570 */
#define LCP_TIMEREM   13       /* RFC 1570 */
#define CCP_RESETREQ  14
#define CCP_RESETACK  15

#define CP_HDRLEN     4        /* code, identifier, length(2) */

/* LCP options (RFC 1661 section 6, RFC 1570, RFC 1990) */
#define LCP_OPT_MRU       1
#define LCP_OPT_ACCM      2
#define LCP_OPT_AUTH      3
#define LCP_OPT_QUALITY   4
#define LCP_OPT_MAGIC     5
#define LCP_OPT_PFC       7
#define LCP_OPT_ACFC      8
#define LCP_OPT_CALLBACK  13
#define LCP_OPT_MRRU      17
#define LCP_OPT_SSNHF     18
#define LCP_OPT_EPDISC    19

/* IPCP options (RFC 1332, RFC 1877) */
/* IPV6CP (RFC 5072 4) */
#define IPV6CP_OPT_IID    1    /* Interface-Identifier */
#define IPV6CP_OPT_COMP   2    /* IPv6-Compression-Protocol (rejected) */
#define IPV6CP_IID_LEN    8

#define IPCP_OPT_ADDRS    1    /* deprecated IP-Addresses */
#define IPCP_OPT_COMP     2
#define IPCP_OPT_ADDR     3
#define IPCP_OPT_DNS1     129
#define IPCP_OPT_NBNS1    130
#define IPCP_OPT_DNS2     131
#define IPCP_OPT_NBNS2    132
#define IPCP_VJ_PROTO     0x002D

/* CCP option 18, MPPE/MPPC (RFC 3078 section 2, RFC 2118 section 2) */
#define CCP_OPT_MPPE      18
#define MPPE_OPT_H        0x01000000u  /* stateless ("historyless") */
#define MPPE_OPT_M        0x00000080u  /* 56-bit */
#define MPPE_OPT_S        0x00000040u  /* 128-bit */
#define MPPE_OPT_L        0x00000020u  /* 40-bit */
#define MPPE_OPT_D        0x00000010u  /* obsolete */
#define MPPE_OPT_C        0x00000001u  /* MPPC compression (RFC 2118) */
#define MPPE_OPT_STRENGTHS (MPPE_OPT_M | MPPE_OPT_S | MPPE_OPT_L)

/* CHAP (RFC 1994 section 4) */
#define CHAP_CHALLENGE    1
#define CHAP_RESPONSE     2
#define CHAP_SUCCESS      3
#define CHAP_FAILURE      4
#define CHAP_ALG_MD5      5
#define CHAP_ALG_MSCHAP   0x80   /* RFC 2433 */
#define CHAP_ALG_MSCHAPV2 0x81   /* RFC 2759 */

/* PAP (RFC 1334 section 2.2) */
#define PAP_AUTHREQ       1
#define PAP_AUTHACK       2
#define PAP_AUTHNAK       3

#define PPP_DEFAULT_MRU   1500
#define PPP_MIN_MRU       128   /* smallest MRU we accept from a peer */
#define PPP_MAX_FRAME     2048  /* largest PPP frame we take or make */

#endif
