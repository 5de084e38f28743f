// The key-change unit (hdl/mppe_nextkey.v) in the engine's two uses
// (sim/nextkey/tb_nextkey.c). Test bench only.
//   u_dut: the next-key precompute (u_next of the big engine): a SHA-1 core
//          and a register-file RC4 bank, whose state port the test reads.
//   u_ck:  the engine's own key changes (u_ck; TABLES=0 KEY_REG=0
//          INIT_ALONE=1) as the small engine has it: the iterative SHA-1
//          fed the unit's message words, the block-RAM RC4 core (a byte
//          every 3 clocks), and the key in a register of the caller's
//          (ck_key_q here), loaded at ck_start_i, written from key_o while
//          the unit runs. ck_start_i again in done: the next change.
`default_nettype none

module nextkey_tb_top (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         start_i,
  input  wire         clear_i,
  input  wire [127:0] key_i,
  input  wire [127:0] start_key_i,
  input  wire [1:0]   kb_i,
  output wire         active_o,
  output wire         done_o,
  output wire [127:0] key_o,
  input  wire [4:0]   rd_addr_i,    // the bank's S-box, 8 entries a word
  output wire [63:0]  rd_data_o,
  output wire [15:0]  ij_o,
  input  wire         ks_next_i,    // the bank's keystream, after done_o
  output wire [7:0]   ks_o,
  // u_ck
  input  wire         ck_start_i,   // also loads key_i into ck_key_q
  input  wire         ck_init_i,    // with ck_start_i: the first session key alone
  output wire         ck_active_o,
  output wire         ck_done_o,
  output wire [127:0] ck_key_o      // ck_key_q
);

  wire         sha_start, sha_first, sha_done;
  wire [511:0] sha_block;
  wire [159:0] sha_digest;
  // Waiver: the unit starts the core only while idle.
  /* verilator lint_off UNUSEDSIGNAL */
  wire         sha_busy;
  // ... and the block-fed core takes no words.
  wire         blk0;
  wire [31:0]  word;
  /* verilator lint_on UNUSEDSIGNAL */
  wire         rb_ksa, rb_next, rb_busy;
  wire [127:0] rb_key;
  wire [7:0]   rb_ks;

  mppe_nextkey u_dut (
    .clk_i, .rst_ni, .start_i, .clear_i, .init_i (1'b0), .key_i, .start_key_i, .kb_i,
    .active_o, .done_o, .key_o,
    .sha_start_o (sha_start), .sha_first_o (sha_first), .sha_block_o (sha_block),
    .sha_done_i (sha_done), .sha_digest_i (sha_digest),
    .sha_blk0_o (blk0), .sha_wn_i (5'd0), .sha_word_o (word),
    .rb_ksa_o (rb_ksa), .rb_next_o (rb_next), .rb_key_o (rb_key),
    .rb_busy_i (rb_busy), .rb_rdy_i (1'b1), .rb_ks_i (rb_ks)
  );

  sha1_core u_sha1 (
    .clk_i, .rst_ni,
    .start_i (sha_start), .first_i (sha_first), .block_i (sha_block),
    .busy_o (sha_busy), .done_o (sha_done), .digest_o (sha_digest)
  );

  rc4_core u_rc4 (
    .clk_i, .rst_ni,
    .ksa_start_i (rb_ksa),
    .key_i       (rb_key),
    .key_len_i   ((kb_i == 2'd2) ? 5'd16 : 5'd8),
    .busy_o      (rb_busy),
    .ks_next_i   (rb_next || (done_o && ks_next_i)),
    .ks_o        (rb_ks),
    .ld_we_i     (1'b0),
    .ld_addr_i   (5'd0),
    .ld_data_i   (64'd0),
    .rd_addr_i,
    .rd_data_o,
    .ij_we_i     (1'b0),
    .ij_i        (16'd0),
    .ij_o
  );
  assign ks_o = rb_ks;

  // ---------------------------------------------------------------- u_ck
  reg  [127:0] ck_key_q;
  wire [127:0] ck_key_next;
  wire         c_sha_start, c_sha_first, c_sha_done, c_win_ready;
  wire [159:0] c_sha_digest;
  wire [31:0]  c_word;
  reg  [4:0]   c_wn_q;              // words handed to the SHA-1 (the engine's sw_q)
  wire         c_rb_ksa, c_rb_next, c_rb_busy, c_rb_rdy;
  wire [127:0] c_rb_key;
  wire [7:0]   c_rb_ks;
  // Waiver: the block-fed core's block, the word-fed core's busy, the bank's
  // state port and the start-key phase (the words come from start_key_i
  // here) are not used.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [511:0] c_sha_block;
  wire         c_sha_busy;
  wire [15:0]  c_ij;
  wire [7:0]   c_rd;
  wire         c_blk0;
  /* verilator lint_on UNUSEDSIGNAL */
  always @(posedge clk_i) begin
    if (ck_start_i)       ck_key_q <= key_i;
    else if (ck_active_o) ck_key_q <= ck_key_next;
    if (c_sha_start && c_sha_first) c_wn_q <= 5'd0;
    else if (c_win_ready)           c_wn_q <= c_wn_q + 5'd1;
  end
  assign ck_key_o = ck_key_q;

  mppe_nextkey #(.TABLES(1'b0), .KEY_REG(1'b0), .INIT_ALONE(1'b1)) u_ck (
    .clk_i, .rst_ni, .start_i (ck_start_i), .clear_i (1'b0), .init_i (ck_init_i),
    .key_i (ck_key_q), .start_key_i, .kb_i,
    .active_o (ck_active_o), .done_o (ck_done_o), .key_o (ck_key_next),
    .sha_start_o (c_sha_start), .sha_first_o (c_sha_first), .sha_block_o (c_sha_block),
    .sha_done_i (c_sha_done), .sha_digest_i (c_sha_digest),
    .sha_blk0_o (c_blk0), .sha_wn_i (c_wn_q), .sha_word_o (c_word),
    .rb_ksa_o (c_rb_ksa), .rb_next_o (c_rb_next), .rb_key_o (c_rb_key),
    .rb_busy_i (c_rb_busy), .rb_rdy_i (c_rb_rdy), .rb_ks_i (c_rb_ks)
  );

  sha1_iter u_sha1_iter (
    .clk_i, .rst_ni,
    .start_i (c_sha_start), .first_i (c_sha_first),
    .win_valid_i (1'b1), .win_data_i (c_word), .win_ready_o (c_win_ready),
    .busy_o (c_sha_busy), .done_o (c_sha_done), .digest_o (c_sha_digest)
  );

  rc4_bram u_rc4_bram (
    .clk_i, .rst_ni,
    .ksa_start_i (c_rb_ksa), .key_i (c_rb_key),
    .key_len_i   ((kb_i == 2'd2) ? 5'd16 : 5'd8),
    .busy_o (c_rb_busy), .ready_o (c_rb_rdy), .ks_next_i (c_rb_next), .ks_o (c_rb_ks),
    .ld_we_i (1'b0), .ld_addr_i (8'd0), .ld_data_i (8'd0),
    .rd_en_i (1'b0), .rd_addr_i (8'd0), .rd_data_o (c_rd),
    .ij_we_i (1'b0), .ij_i (16'd0), .ij_o (c_ij)
  );

endmodule

`default_nettype wire
