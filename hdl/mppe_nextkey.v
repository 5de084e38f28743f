// The next-key unit of the MPPE engine (hdl/mppe_engine.v): one key change
// (RFC 3078 section 7.3, change_key() of driver/mppe_flow.c) and the RC4
// tables of the new key, for a stateless flow while its packet streams:
//   interim = the first 8 or 16 octets of SHA-1(start | 40 x 00 | key | 40 x f2)
//             (GetNewKeyFromSHA, two SHA-1 blocks),
//   new     = RC4(interim, interim), reduced to 40 or 56 bits (RFC 3079
//             2.1/2.2: the first octets set to d1 26 9e),
// then the key schedule of the new key on the unit's RC4 bank. The engine
// stores the new key and the bank's tables in the flow's context, so the
// flow's next packet streams as soon as its context is loaded.
//
// The SHA-1 core is the engine's: the unit drives it while active_o (the
// engine's own key changes wait). The RC4 bank is the unit's alone
// (rc4_core or rc4_bram_port, instantiated by the engine, which also reads
// the tables out of it). ENABLE=0 (the engine's small variant, which has
// no second bank) holds the unit idle.
//
// TABLES=0 (the engine farm's key unit, hdl/mppe_keyunit.v): no key schedule
// of the new key; done_o as soon as the reduced key is in key_o (the farm's
// lanes run that key schedule themselves). init_i with start_i (tie it low
// where not needed, as the engine does): first the flow's first session key,
// GetNewKeyFromSHA(start, start) reduced (RFC 3079 3.3, mppe_flow_init();
// key_i must then be the start key), then its change, in one operation.
// sha_block_o and sha_first_o stay those of the block asked for until its
// sha_done_i, so a caller sharing one SHA-1 core among several units may
// start the core later than sha_start_o (mppe_keyunit's arbiter).
// Keys are wiped after use: the interim key once the RC4 pass is done,
// key_o at clear_i.
//
// Contract (the engine's; MPPE_ASSERT checks the first): clear_i only while
// the unit is not active (the engine waits for it in S_DRAIN and clears it
// in S_RESULT), since the SHA-1 core and the bank would go on with the
// abandoned change; start_key_i and kb_i steady from start_i to done_o (the
// operation's context); key_i is taken at start_i.
`default_nettype none

module mppe_nextkey #(
  parameter [0:0] ENABLE = 1'b1,
  parameter [0:0] TABLES = 1'b1     // 0: no key schedule of the new key
) (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         start_i,      // change key_i (while idle or done)
  input  wire         clear_i,      // abandon, back to idle
  input  wire         init_i,       // with start_i: the first session key first
  input  wire [127:0] key_i,        // the key to change, octet n in bits [8n+7:8n]
  input  wire [127:0] start_key_i,  // the flow's start key
  input  wire [1:0]   kb_i,         // 0: 40-bit, 1: 56-bit, 2: 128-bit keys
  output wire         active_o,     // running (the SHA-1 core is the unit's)
  output wire         done_o,       // key_o and the bank's tables are the new key's
  output wire [127:0] key_o,
  // the engine's SHA-1 core
  output reg          sha_start_o,
  output reg          sha_first_o,
  output reg  [511:0] sha_block_o,
  input  wire         sha_done_i,
  input  wire [159:0] sha_digest_i,
  // the unit's RC4 bank
  output reg          rb_ksa_o,
  output reg          rb_next_o,
  output reg  [127:0] rb_key_o,
  input  wire         rb_busy_i,
  input  wire         rb_rdy_i,     // a keystream byte is ready (block-RAM banks)
  input  wire [7:0]   rb_ks_i
);

`include "mppe_keyfn.vh"

  localparam [3:0]
    P_IDLE  = 4'd0,   // nothing to do
    P_SHA0  = 4'd1,   // GetNewKeyFromSHA, block 0
    P_SHA0W = 4'd2,
    P_SHA1  = 4'd3,   // block 1
    P_SHA1W = 4'd4,
    P_KSA   = 4'd5,   // RC4 of the interim key
    P_KSAW  = 4'd6,
    P_PRGA  = 4'd7,
    P_KSA2  = 4'd8,   // tables of the new key
    P_KSA2W = 4'd9,
    P_DONE  = 4'd10;  // result in key_q and the bank

  reg  [3:0]   state_q, state_d;
  reg  [127:0] key_q, key_d, int_q, int_d;
  reg  [4:0]   cnt_q, cnt_d;
  reg          init_q, init_d;      // this SHA-1 pass is the first session key's
  wire [4:0]    key_len = (kb_i == 2'd2) ? 5'd16 : 5'd8;
  wire [1023:0] msg     = gnk_msg(start_key_i, key_q, kb_i == 2'd2);

  assign active_o = state_q != P_IDLE && state_q != P_DONE;
  assign done_o   = state_q == P_DONE;
  assign key_o    = key_q;

  always @(*) begin
    state_d     = state_q;
    key_d       = key_q;
    int_d       = int_q;
    cnt_d       = cnt_q;
    init_d      = init_q;
    rb_ksa_o    = 1'b0;
    rb_next_o   = 1'b0;
    rb_key_o    = int_q;
    sha_start_o = 1'b0;
    sha_first_o = 1'b1;
    sha_block_o = msg[1023:512];
    case (state_q)
      P_IDLE: if (start_i) begin
        key_d   = key_i;
        init_d  = init_i;
        state_d = P_SHA0;
      end
      P_SHA0: begin
        sha_start_o = 1'b1;
        state_d     = P_SHA0W;
      end
      P_SHA0W: if (sha_done_i) state_d = P_SHA1;
      P_SHA1: begin
        sha_start_o = 1'b1;
        sha_first_o = 1'b0;
        sha_block_o = msg[511:0];
        state_d     = P_SHA1W;
      end
      P_SHA1W: begin
        sha_first_o = 1'b0;
        sha_block_o = msg[511:0];
        if (sha_done_i) begin
          if (init_q) begin
            // the first session key (no RC4 pass), then its change
            key_d   = reduce_key(digest_key(sha_digest_i, kb_i == 2'd2), kb_i);
            init_d  = 1'b0;
            state_d = P_SHA0;
          end else begin
            int_d   = digest_key(sha_digest_i, kb_i == 2'd2);
            state_d = P_KSA;
          end
        end
      end
      P_KSA: begin
        rb_ksa_o = 1'b1;
        cnt_d    = 5'd0;
        state_d  = P_KSAW;
      end
      P_KSAW: if (!rb_busy_i) state_d = P_PRGA;
      P_PRGA: if (rb_rdy_i) begin
        rb_next_o = 1'b1;
        key_d[{cnt_q[3:0], 3'b000} +: 8] = rb_ks_i ^ int_q[{cnt_q[3:0], 3'b000} +: 8];
        cnt_d = cnt_q + 5'd1;
        if (cnt_q + 5'd1 == key_len) begin
          int_d = 128'd0;             // the interim key is used up
          if (TABLES) begin
            state_d = P_KSA2;
          end else begin
            // RFC 3079 2.1/2.2: the reduction comes after the RC4 pass
            key_d   = reduce_key(key_d, kb_i);
            state_d = P_DONE;
          end
        end
      end
      P_KSA2: begin
        rb_ksa_o = 1'b1;
        rb_key_o = reduce_key(key_q, kb_i);
        key_d    = reduce_key(key_q, kb_i);
        state_d  = P_KSA2W;
      end
      P_KSA2W: begin
        rb_key_o = key_q;
        if (!rb_busy_i) state_d = P_DONE;
      end
      P_DONE: ;
      default: state_d = P_IDLE;
    endcase
    if (clear_i) begin
      state_d = P_IDLE;
      key_d   = 128'd0;               // taken or abandoned: wiped
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)      state_q <= P_IDLE;
    else if (!ENABLE) state_q <= P_IDLE;
    else              state_q <= state_d;
  end
  always @(posedge clk_i) begin
    key_q <= key_d;
    int_q <= int_d;
    cnt_q <= cnt_d;
    init_q <= init_d;
  end

`ifdef MPPE_ASSERT
  // checked from the first reset on (docs/rtl-verification.md)
  reg a_armed_q = 1'b0;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) a_armed_q <= 1'b1;
  always @(posedge clk_i)
    if (a_armed_q)
      assert (!(clear_i && active_o));
`endif

endmodule

`default_nettype wire
