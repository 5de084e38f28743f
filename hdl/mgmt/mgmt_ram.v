// Dual-port synchronous RAM with byte enables (both ports read and write; a
// read returns the word the clock after the request). Written so that yosys
// infers block RAM. INIT_FILE, a $readmemh file, is the initial contents in
// synthesis and simulation (the firmware built into the bitstream); in
// simulation the plusarg INIT_PLUSARG (e.g. "imem=%s") loads a file over it.
// READ_ONLY: neither port writes (a ROM: the golden firmware image).
// READ_ON_WRITE = 0: a write leaves the port's output as it was instead of
// returning the word it overwrites; for users that ignore it (DMEM: the
// core does not look at a store's read data), since yosys emulates the old
// word on iCE40 block RAM with flip-flops and LUTs (about 80 and 44 for one
// 32-bit port).
`default_nettype none

module mgmt_ram #(
  parameter integer WORDS        = 4096,
  parameter integer AW           = 12,      // log2(WORDS)
  parameter         INIT_PLUSARG = "",
  parameter         INIT_FILE    = "",
  parameter integer READ_ONLY    = 0,
  parameter integer READ_ON_WRITE = 1
) (
  input  wire          clk_i,

  input  wire          a_en_i,
  input  wire          a_we_i,
  input  wire [3:0]    a_be_i,
  input  wire [AW-1:0] a_addr_i,
  input  wire [31:0]   a_wdata_i,
  output reg  [31:0]   a_rdata_o,

  input  wire          b_en_i,
  input  wire          b_we_i,
  input  wire [3:0]    b_be_i,
  input  wire [AW-1:0] b_addr_i,
  input  wire [31:0]   b_wdata_i,
  output reg  [31:0]   b_rdata_o
);

  reg [31:0] mem [0:WORDS-1];

  initial begin
    if (INIT_FILE != "") $readmemh(INIT_FILE, mem);
  end
`ifndef SYNTHESIS
  reg [1023:0] init_file;
  initial begin
    if (INIT_PLUSARG != "" && $value$plusargs(INIT_PLUSARG, init_file)) begin
      $readmemh(init_file, mem);
    end
  end
`endif

  always @(posedge clk_i) begin
    if (a_en_i) begin
      if (a_we_i && READ_ONLY == 0) begin
        if (a_be_i[0]) mem[a_addr_i][7:0]   <= a_wdata_i[7:0];
        if (a_be_i[1]) mem[a_addr_i][15:8]  <= a_wdata_i[15:8];
        if (a_be_i[2]) mem[a_addr_i][23:16] <= a_wdata_i[23:16];
        if (a_be_i[3]) mem[a_addr_i][31:24] <= a_wdata_i[31:24];
      end
      if (READ_ON_WRITE != 0 || !a_we_i || READ_ONLY != 0) a_rdata_o <= mem[a_addr_i];
    end
  end

  always @(posedge clk_i) begin
    if (b_en_i) begin
      if (b_we_i && READ_ONLY == 0) begin
        if (b_be_i[0]) mem[b_addr_i][7:0]   <= b_wdata_i[7:0];
        if (b_be_i[1]) mem[b_addr_i][15:8]  <= b_wdata_i[15:8];
        if (b_be_i[2]) mem[b_addr_i][23:16] <= b_wdata_i[23:16];
        if (b_be_i[3]) mem[b_addr_i][31:24] <= b_wdata_i[31:24];
      end
      if (READ_ON_WRITE != 0 || !b_we_i || READ_ONLY != 0) b_rdata_o <= mem[b_addr_i];
    end
  end

endmodule

`default_nettype wire
