// rc4_bram as a keystream source only (the engine farm's lanes and key
// units, hdl/mppe_lane.v, hdl/mppe_keyunit.v): a key schedule, then the
// keystream octet by octet; the state port (context load/store, i/j) that
// the engine needs is tied off here, once. Timing and the ready/next
// contract are rc4_bram's (2 x 256 + 3 clocks of key schedule, 3 an octet).
`default_nettype none

module rc4_ks (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         ksa_start_i,
  input  wire [127:0] key_i,        // octet n in bits [8n+7:8n]; held during the KSA
  input  wire [4:0]   key_len_i,    // 1..16 octets
  output wire         busy_o,
  output wire         ready_o,      // ks_o valid
  input  wire         ks_next_i,
  output wire [7:0]   ks_o
);

  // Waiver: no state access on this core (that is the point of this wrapper).
  /* verilator lint_off UNUSEDSIGNAL */
  wire [7:0]   rd;
  wire [15:0]  ij;
  /* verilator lint_on UNUSEDSIGNAL */
  rc4_bram u_rc4 (
    .clk_i, .rst_ni,
    .ksa_start_i, .key_i, .key_len_i,
    .busy_o, .ready_o, .ks_next_i, .ks_o,
    .ld_we_i (1'b0), .ld_addr_i (8'd0), .ld_data_i (8'd0),
    .rd_en_i (1'b0), .rd_addr_i (8'd0), .rd_data_o (rd),
    .ij_we_i (1'b0), .ij_i (16'd0), .ij_o (ij)
  );

endmodule

`default_nettype wire
