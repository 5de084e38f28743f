// Place-and-route wrapper for the iCE40 figures of the management core
// alone (never used in the card), as hdl/synth/sha1_iter_timing_top.v does
// for sha1_iter: the instruction and load words shift in one bit per clock,
// the core's outputs leave a byte at a time through a register, so that
// the UP5K's few pins suffice and every measured path is register to
// register. The shift register and the output multiplexer are counted in
// the figures too.
`default_nettype none

module mgmt_cpu_timing_top #(
  parameter integer SMALL = 0     // mgmt_cpu SMALL (the area-first core)
) (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       sin_i,
  input  wire [1:0] ctl_i,        // {derr, dack}
  output reg  [7:0] dout_o
);
  reg  [31:0] word_q;
  reg  [1:0]  ctl_q;
  reg  [3:0]  sel_q;
  wire        imem_en, dreq, dwe, lockup;
  wire [31:0] imem_addr, daddr, dwdata;
  wire [3:0]  dbe;
  wire [103:0] outs = {imem_addr, daddr, dwdata, dbe, imem_en, dreq, dwe, lockup};

  always @(posedge clk_i) begin
    word_q <= {word_q[30:0], sin_i};
    ctl_q  <= ctl_i;
    sel_q  <= (sel_q == 4'd12) ? 4'd0 : sel_q + 4'd1;
    dout_o <= outs[{sel_q, 3'b000} +: 8];
  end

  mgmt_cpu #(.REGFILE_BRAM(1), .SMALL(SMALL)) u_cpu (
    .clk_i, .rst_ni,
    .imem_en_o (imem_en), .imem_addr_o (imem_addr), .imem_rdata_i (word_q),
    .dreq_o (dreq), .dwe_o (dwe), .daddr_o (daddr), .dwdata_o (dwdata), .dbe_o (dbe),
    .dack_i (ctl_q[0]), .derr_i (ctl_q[1]), .drdata_i (word_q),
    .lockup_o (lockup)
  );
endmodule

`default_nettype wire
