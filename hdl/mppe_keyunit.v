// One key-change unit of the engine farm (hdl/mppe_farm.v; issue 15):
// a stateless packet's key change, RFC 3078 section 7.3 (mppe_key_change()
// of driver/mppe_flow.c),
//   interim = the first 8 or 16 octets of SHA-1(start | 40 x 00 | key | 40 x f2)
//             (GetNewKeyFromSHA, two SHA-1 blocks),
//   new     = RC4(interim, interim), reduced to 40 or 56 bits (RFC 3079
//             2.1/2.2: the first octets set to d1 26 9e),
// with its own SHA-1 core (sha1_core, 81 clocks a block) and its own
// block-RAM RC4 core (rc4_bram: 2 x 256 clocks of key schedule, 3 a byte).
// With init_i the unit first computes the flow's first session key (RFC
// 3079 3.3: GetNewKeyFromSHA(start, start), reduced, no RC4 pass; what
// mppe_flow_init() does) and then changes it once, all in one operation.
//
// Unlike mppe_nextkey (the engine's unit, which shares the engine's SHA-1
// core and leaves the new key's tables in its bank), this unit takes every
// input at start_i and leaves only the key: the farm's lanes run the key
// schedule of the new key themselves, so a unit is free for the next flow
// as soon as its key is out. About 740 clocks a change (sim/farm measures
// them); the RC4 pass of the interim key is 2/3 of that.
//
// Use: start_i while idle_o with the operation's inputs; done_o holds
// key_o until ack_i (the farm writes it back and hands it to a lane).
`default_nettype none

module mppe_keyunit (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         start_i,      // begin (only while idle_o)
  input  wire         init_i,       // with start_i: first compute the first session key
  input  wire [127:0] key_i,        // the key to change (ignored with init_i); octet n in bits [8n+7:8n]
  input  wire [127:0] start_key_i,  // the flow's start key
  input  wire [1:0]   kb_i,         // 0: 40-bit, 1: 56-bit, 2: 128-bit keys
  output wire         idle_o,
  output wire         done_o,       // key_o is the changed key, until ack_i
  input  wire         ack_i,
  output wire [127:0] key_o
);

`include "mppe_keyfn.vh"

  localparam [3:0]
    U_IDLE  = 4'd0,
    U_SHA0  = 4'd1,   // GetNewKeyFromSHA, block 0
    U_SHA0W = 4'd2,
    U_SHA1  = 4'd3,   // block 1
    U_SHA1W = 4'd4,
    U_KSA   = 4'd5,   // key schedule of the interim key
    U_KSAW  = 4'd6,
    U_PRGA  = 4'd7,   // RC4(interim, interim)
    U_DONE  = 4'd8;

  reg  [3:0]   st_q, st_d;
  reg  [127:0] key_q, key_d, int_q, int_d, sk_q, sk_d;
  reg  [1:0]   kb_q, kb_d;
  reg          init_q, init_d;       // this pass is the first session key's
  reg  [4:0]   cnt_q, cnt_d;

  wire         long_key = (kb_q == 2'd2);
  wire [4:0]   key_len  = long_key ? 5'd16 : 5'd8;
  // GetNewKeyFromSHA(start, key), or (start, start) for the first key
  wire [1023:0] msg     = gnk_msg(sk_q, init_q ? sk_q : key_q, long_key);

  reg          sha_start, sha_first;
  reg  [511:0] sha_block;
  wire         sha_done;
  wire [159:0] sha_digest;
  // Waiver: the unit starts the core only while it is idle.
  /* verilator lint_off UNUSEDSIGNAL */
  wire         sha_busy;
  /* verilator lint_on UNUSEDSIGNAL */
  sha1_core u_sha1 (
    .clk_i, .rst_ni,
    .start_i (sha_start), .first_i (sha_first), .block_i (sha_block),
    .busy_o (sha_busy), .done_o (sha_done), .digest_o (sha_digest)
  );

  reg          rc_ksa, rc_next;
  wire         rc_busy, rc_rdy;
  wire [7:0]   rc_ks;
  // Waiver: no state access on this core.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [7:0]   rc_rd;
  wire [15:0]  rc_ij;
  /* verilator lint_on UNUSEDSIGNAL */
  rc4_bram u_rc4 (
    .clk_i, .rst_ni,
    .ksa_start_i (rc_ksa), .key_i (int_q), .key_len_i (key_len),
    .busy_o (rc_busy), .ready_o (rc_rdy), .ks_next_i (rc_next), .ks_o (rc_ks),
    .ld_we_i (1'b0), .ld_addr_i (8'd0), .ld_data_i (8'd0),
    .rd_en_i (1'b0), .rd_addr_i (8'd0), .rd_data_o (rc_rd),
    .ij_we_i (1'b0), .ij_i (16'd0), .ij_o (rc_ij)
  );

  assign idle_o = (st_q == U_IDLE);
  assign done_o = (st_q == U_DONE);
  assign key_o  = key_q;

  always @(*) begin
    st_d = st_q; key_d = key_q; int_d = int_q; sk_d = sk_q; kb_d = kb_q;
    init_d = init_q; cnt_d = cnt_q;
    sha_start = 1'b0; sha_first = 1'b1; sha_block = msg[1023:512];
    rc_ksa = 1'b0; rc_next = 1'b0;
    case (st_q)
      U_IDLE: if (start_i) begin
        key_d = key_i; sk_d = start_key_i; kb_d = kb_i; init_d = init_i;
        st_d = U_SHA0;
      end
      U_SHA0: begin
        sha_start = 1'b1;
        st_d = U_SHA0W;
      end
      U_SHA0W: if (sha_done) st_d = U_SHA1;
      U_SHA1: begin
        sha_start = 1'b1;
        sha_first = 1'b0;
        sha_block = msg[511:0];
        st_d = U_SHA1W;
      end
      U_SHA1W: if (sha_done) begin
        if (init_q) begin
          // the first session key (no RC4 pass), then its change
          key_d  = reduce_key(digest_key(sha_digest, long_key), kb_q);
          init_d = 1'b0;
          st_d   = U_SHA0;
        end else begin
          int_d = digest_key(sha_digest, long_key);
          st_d  = U_KSA;
        end
      end
      U_KSA: begin
        rc_ksa = 1'b1;
        cnt_d  = 5'd0;
        st_d   = U_KSAW;
      end
      U_KSAW: if (!rc_busy) st_d = U_PRGA;
      U_PRGA: if (rc_rdy) begin
        rc_next = 1'b1;
        key_d[{cnt_q[3:0], 3'b000} +: 8] = rc_ks ^ int_q[{cnt_q[3:0], 3'b000} +: 8];
        cnt_d = cnt_q + 5'd1;
        if (cnt_q + 5'd1 == key_len) begin
          // RFC 3079 2.1/2.2: the reduction comes after the RC4 pass
          key_d = reduce_key(key_d, kb_q);
          st_d  = U_DONE;
        end
      end
      U_DONE: if (ack_i) begin
        // taken: the unit keeps no key material (keys are wiped after use)
        key_d = 128'd0; sk_d = 128'd0;
        st_d  = U_IDLE;
      end
      default: st_d = U_IDLE;
    endcase
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) st_q <= U_IDLE;
    else         st_q <= st_d;
  end
  // Key registers: no reset needed (st_q gates their use). The interim key
  // is cleared once the change is done (keys are wiped after use).
  always @(posedge clk_i) begin
    key_q  <= key_d;
    int_q  <= (st_d == U_DONE) ? 128'd0 : int_d;
    sk_q   <= sk_d;
    kb_q   <= kb_d;
    init_q <= init_d;
    cnt_q  <= cnt_d;
  end

`ifdef MPPE_ASSERT
  reg a_armed_q = 1'b0;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) a_armed_q <= 1'b1;
  always @(posedge clk_i)
    if (a_armed_q) begin
      assert (!(start_i && !idle_o));
      assert (!(ack_i && !done_o));
    end
`endif

endmodule

`default_nettype wire
