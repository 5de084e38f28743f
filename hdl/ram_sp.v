// Single-port RAM, read-first, registered read: the shape yosys maps to
// block RAM (Xilinx RAMB36E1, iCE40 SB_RAM40_4K).
`default_nettype none

module ram_sp #(
  parameter integer DW = 64,
  parameter integer AW = 16
) (
  input  wire          clk_i,
  input  wire          en_i,
  input  wire          we_i,
  input  wire [AW-1:0] addr_i,
  input  wire [DW-1:0] wdata_i,
  output reg  [DW-1:0] rdata_o
);

  reg [DW-1:0] mem [0:(1<<AW)-1];

  always @(posedge clk_i) begin
    if (en_i) begin
      if (we_i)
        mem[addr_i] <= wdata_i;
      rdata_o <= mem[addr_i];
    end
  end

endmodule

`default_nettype wire
