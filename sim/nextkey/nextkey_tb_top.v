// The next-key unit (hdl/mppe_nextkey.v) with what the engine gives it: a
// SHA-1 core and a register-file RC4 bank, whose state port the test reads
// (sim/nextkey/tb_nextkey.c). Test bench only.
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
  output wire [7:0]   ks_o
);

  wire         sha_start, sha_first, sha_done;
  wire [511:0] sha_block;
  wire [159:0] sha_digest;
  // Waiver: the unit starts the core only while idle.
  /* verilator lint_off UNUSEDSIGNAL */
  wire         sha_busy;
  /* verilator lint_on UNUSEDSIGNAL */
  wire         rb_ksa, rb_next, rb_busy;
  wire [127:0] rb_key;
  wire [7:0]   rb_ks;

  mppe_nextkey u_dut (
    .clk_i, .rst_ni, .start_i, .clear_i, .init_i (1'b0), .key_i, .start_key_i, .kb_i,
    .active_o, .done_o, .key_o,
    .sha_start_o (sha_start), .sha_first_o (sha_first), .sha_block_o (sha_block),
    .sha_done_i (sha_done), .sha_digest_i (sha_digest),
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

endmodule

`default_nettype wire
