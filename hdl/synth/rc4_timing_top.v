// Place-and-route wrappers for timing estimates only (never used in the
// card): each core with its wide ports behind serial shift registers and
// registered outputs, so that a small FPGA's few pins suffice and every
// measured path is register to register, as inside the engine.
`default_nettype none

// The RC4 keystream path: rc4_core (index width W; see rc4_core.v) with its
// output XORed into a register, as the engine's byte stream does.
module rc4_timing_top #(
  parameter integer W = 8
) (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       sin_i,        // serial key / load data
  input  wire [3:0] ctl_i,        // {ij_we, ld_we, ks_next, ksa_start}
  input  wire [7:0] din_i,
  output reg  [7:0] dout_o
);
  reg [127:0] key_q;
  reg [63:0]  ld_q;
  reg [4:0]   addr_q;
  reg [3:0]   ctl_q;
  reg [7:0]   din_q;
  wire        busy;
  wire [7:0]  ks;
  wire [63:0] rd;
  wire [15:0] ij;

  always @(posedge clk_i) begin
    key_q  <= {key_q[126:0], sin_i};
    ld_q   <= {ld_q[62:0], key_q[127]};
    addr_q <= addr_q + 5'd1;
    ctl_q  <= ctl_i;
    din_q  <= din_i;
    dout_o <= (din_q ^ ks) ^ {^rd[63:32], ^rd[31:0], ^ij, 4'd0, busy};
  end

  rc4_core #(.W(W)) u_rc4 (
    .clk_i, .rst_ni,
    .ksa_start_i (ctl_q[0]), .key_i (key_q), .key_len_i (5'd16), .busy_o (busy),
    .ks_next_i (ctl_q[1]), .ks_o (ks),
    .ld_we_i (ctl_q[2]), .ld_addr_i (addr_q), .ld_data_i (ld_q),
    .rd_addr_i (addr_q), .rd_data_o (rd),
    .ij_we_i (ctl_q[3]), .ij_i (ld_q[15:0]), .ij_o (ij)
  );
endmodule

`default_nettype wire
