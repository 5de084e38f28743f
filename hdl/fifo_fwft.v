// First-word-fall-through FIFO: rd_data_o is the head whenever rd_valid_o;
// rd_en_i pops it. The storage is a simple dual-port RAM with a registered
// read (yosys infers block RAM for large AW); the output register makes the
// head visible without a read clock, and a pop every clock is sustained.
`default_nettype none

module fifo_fwft #(
  parameter integer DW = 64,
  parameter integer AW = 9            // 2^AW entries (+1 in the output register)
) (
  input  wire          clk_i,
  input  wire          rst_ni,
  input  wire          wr_en_i,       // only when !full_o
  input  wire [DW-1:0] wr_data_i,
  output wire          full_o,
  input  wire          rd_en_i,       // only when rd_valid_o
  output wire [DW-1:0] rd_data_o,
  output wire          rd_valid_o
);

  reg [DW-1:0] mem [0:(1<<AW)-1];
  reg [AW:0]   wptr_q, rptr_q;
  reg [DW-1:0] dout_q;
  reg          dout_valid_q;

  wire [AW:0] used = wptr_q - rptr_q;
  wire        load = (used != 0) && (!dout_valid_q || rd_en_i);

  assign full_o     = used[AW];
  assign rd_data_o  = dout_q;
  assign rd_valid_o = dout_valid_q;

  always @(posedge clk_i) begin
    if (wr_en_i)
      mem[wptr_q[AW-1:0]] <= wr_data_i;
    if (load)
      dout_q <= mem[rptr_q[AW-1:0]];
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q       <= 0;
      rptr_q       <= 0;
      dout_valid_q <= 1'b0;
    end else begin
      if (wr_en_i)
        wptr_q <= wptr_q + 1'b1;
      if (load)
        rptr_q <= rptr_q + 1'b1;
      dout_valid_q <= load || (dout_valid_q && !rd_en_i);
    end
  end

endmodule

`default_nettype wire
