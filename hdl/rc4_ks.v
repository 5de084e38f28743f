// A keystream-only RC4 core (the engine farm's lanes and key units,
// hdl/mppe_lane.v, hdl/mppe_keyunit.v): a key schedule, then the keystream
// octet by octet (ready/next: ks_o valid while ready_o, ks_next_i pulls it);
// busy_o from the start clock until the first octet is ready.
//   DUAL=1  rc4_dp: both ports of a true dual-port RAMB18 (Xilinx 7-series),
//           388 clocks from the start to the first octet, 2 clocks an octet;
//           even key lengths only (MPPE's are 8 or 16 octets); fill_i when
//           the keystream is no longer needed writes the identity for the
//           next key schedule ahead (else it costs 65 clocks more)
//   DUAL=0  rc4_bram with its state port tied off: one read and one write
//           port (also an iCE40 SB_RAM40_4K), 515 clocks, 3 an octet
// The farm's callers wait on busy_o and ready_o, so either fits them.
`default_nettype none

module rc4_ks #(
  parameter [0:0] DUAL = 1'b1
) (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         ksa_start_i,
  input  wire [127:0] key_i,        // octet n in bits [8n+7:8n]; held during the KSA
  input  wire [4:0]   key_len_i,    // 1..16 octets (DUAL: 2..16, even)
  output wire         busy_o,
  output wire         ready_o,      // ks_o valid
  input  wire         ks_next_i,
  output wire [7:0]   ks_o,
  input  wire         fill_i        // DUAL: no more keystream needed (rc4_dp.v); not from ksa_start_i to !busy_o
);

  generate
    if (DUAL) begin : g_dp
      rc4_dp u_rc4 (
        .clk_i, .rst_ni,
        .ksa_start_i, .key_i, .key_len_i,
        .busy_o, .ready_o, .ks_next_i, .ks_o, .fill_i
      );
    end else begin : g_sdp
      // Waiver: no state access on this core (that is the point of this
      // wrapper); no fill (rc4_bram's generation bits give the identity).
      /* verilator lint_off UNUSEDSIGNAL */
      wire [7:0]   rd;
      wire [15:0]  ij;
      wire         unused_fill = fill_i;
      /* verilator lint_on UNUSEDSIGNAL */
      rc4_bram u_rc4 (
        .clk_i, .rst_ni,
        .ksa_start_i, .key_i, .key_len_i,
        .busy_o, .ready_o, .ks_next_i, .ks_o,
        .ld_we_i (1'b0), .ld_addr_i (8'd0), .ld_data_i (8'd0),
        .rd_en_i (1'b0), .rd_addr_i (8'd0), .rd_data_o (rd),
        .ij_we_i (1'b0), .ij_i (16'd0), .ij_o (ij)
      );
    end
  endgenerate

endmodule

`default_nettype wire
