// Place-and-route wrapper of the block-RAM RC4 core (hdl/rc4_bram.v) for
// its synthesis and timing on real parts (hdl/synth/cores.sh); never used
// in the card. The wide ports sit behind serial shift registers and the
// outputs are registered, so a small FPGA's pins suffice and every path
// measured is register to register, as inside an engine: the keystream
// byte XORed with a data byte, as the engine's byte stream does.
`default_nettype none

module rc4_bram_timing_top (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       sin_i,        // serial key
  input  wire [4:0] ctl_i,        // {rd_en, ij_we, ld_we, ks_next, ksa_start}
  input  wire [7:0] din_i,
  output reg  [7:0] dout_o,
  output reg  [1:0] st_o          // {ready, busy}
);
  reg [127:0] key_q;
  reg [4:0]   ctl_q;
  reg [7:0]   din_q, addr_q;
  wire        busy, ready;
  wire [7:0]  ks, rd;
  wire [15:0] ij;

  always @(posedge clk_i) begin
    key_q  <= {key_q[126:0], sin_i};
    ctl_q  <= ctl_i;
    din_q  <= din_i;
    addr_q <= addr_q + 8'd1;
    dout_o <= (din_q ^ ks) ^ rd ^ ij[15:8] ^ ij[7:0];
    st_o   <= {ready, busy};
  end

  rc4_bram u_rc4 (
    .clk_i, .rst_ni,
    .ksa_start_i (ctl_q[0]), .key_i (key_q), .key_len_i (5'd16),
    .busy_o (busy), .ready_o (ready),
    .ks_next_i (ctl_q[1]), .ks_o (ks),
    .ld_we_i (ctl_q[2]), .ld_addr_i (addr_q), .ld_data_i (din_q),
    .rd_en_i (ctl_q[4]), .rd_addr_i (addr_q), .rd_data_o (rd),
    .ij_we_i (ctl_q[3]), .ij_i ({din_q, addr_q}), .ij_o (ij)
  );
endmodule

`default_nettype wire
