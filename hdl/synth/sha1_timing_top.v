// Place-and-route wrappers for timing estimates only (never used in the
// card): each core with its wide ports behind serial shift registers and
// registered outputs, so that a small FPGA's few pins suffice and every
// measured path is register to register, as inside the engine.
`default_nettype none

// SHA-1: one round per clock.
module sha1_timing_top (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       sin_i,
  input  wire [1:0] ctl_i,        // {first, start}
  output reg  [7:0] dout_o
);
  reg [511:0] blk_q;
  reg [1:0]   ctl_q;
  reg [4:0]   sel_q;
  wire        busy, done;
  wire [159:0] dg;

  always @(posedge clk_i) begin
    blk_q  <= {blk_q[510:0], sin_i};
    ctl_q  <= ctl_i;
    sel_q  <= sel_q + 5'd1;
    dout_o <= dg[{sel_q[4:0], 3'b000} % 160 +: 8] ^ {6'd0, busy, done};
  end

  sha1_core u_sha1 (
    .clk_i, .rst_ni, .start_i (ctl_q[0]), .first_i (ctl_q[1]), .block_i (blk_q),
    .busy_o (busy), .done_o (done), .digest_o (dg)
  );
endmodule

`default_nettype wire
