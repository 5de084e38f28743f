// Generated from contract/mppe_codes.txt by contract/gen_contract.py. Do not edit.
`ifndef MPPE_CODES_VH
`define MPPE_CODES_VH

// Engine opcodes (the host's three, then the management core's self-tests)
`define MPPE_OP_ENCRYPT 4'd1
`define MPPE_OP_DECRYPT 4'd2
`define MPPE_OP_RESET 4'd3
`define MPPE_OP_SELFTEST_RC4 4'd4
`define MPPE_OP_SELFTEST_SHA1 4'd5

// Result of one operation
`define MPPE_OK 4'd0
`define MPPE_DROP_DUPLICATE 4'd1
`define MPPE_DROP_LATE 4'd2
`define MPPE_DROP_LOSS 4'd3
`define MPPE_DROP_DISCARDING 4'd4
`define MPPE_DROP_REKEY_LIMIT 4'd5
`define MPPE_DROP_IMPLAUSIBLE 4'd6
`define MPPE_ERR_SHORT 4'd7
`define MPPE_ERR_NOT_ENCRYPTED 4'd8
`define MPPE_ERR_NOT_FLUSHED 4'd9
`define MPPE_ERR_BAD_PROTOCOL 4'd10
`define MPPE_ERR_TOO_LONG 4'd11
`define MPPE_ERR_BAD_FLOW 4'd12
`define MPPE_ERR_BAD_OP 4'd13
`define MPPE_ERR_NO_SPACE 4'd14
`define MPPE_ERR_DEVICE 4'd15

// Completion flags (bits of mppe_completion.flags)
`define MPPE_CF_FLUSHED 8'd1
`define MPPE_CF_SANITY_FATAL 8'd2
`define MPPE_CF_RESET_REQUEST 8'd4
`define MPPE_CF_STATE_MOVED 8'd8

// Context port commands (mppe_ctx_port.v; the management core's flow commands)
`define MPPE_CTX_CREATE 2'd1
`define MPPE_CTX_DESTROY 2'd2
`define MPPE_CTX_READ 2'd3

`endif
