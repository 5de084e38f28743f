// Event log block (docs/mgmt-core.md, LOG): the next sequence number and a
// RAM of 64 16-byte entries. The firmware writes the entries; the block only
// keeps them across a firmware restart (it is reset by rst_ni alone).
`default_nettype none
`include "mgmt_map.vh"

module mgmt_log (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        req_i,
  input  wire        we_i,
  input  wire [3:0]  be_i,
  input  wire [11:0] addr_i,
  input  wire [31:0] wdata_i,
  output wire [31:0] rdata_o
);

  // offsets within the LOG block: contract/mgmt_map.txt
  localparam [11:0] REG_NEXT = `MGMT_LOG_NEXT_OFF;
  localparam [11:0] REG_RAM  = `MGMT_LOG_RAM_OFF;    // 256 words

  reg [31:0] next_q;
  reg        ram_sel_q;
  reg [31:0] reg_rdata_q;
  wire [31:0] ram_rdata;
  wire        ram_sel = (addr_i[11:10] == REG_RAM[11:10]);
  // port B of the RAM is not used by this block
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0] unused_b_rdata;
  /* verilator lint_on UNUSEDSIGNAL */

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      next_q      <= 32'd0;
      ram_sel_q   <= 1'b0;
      reg_rdata_q <= 32'd0;
    end else begin
      if (req_i) ram_sel_q <= ram_sel;
      if (req_i && we_i && addr_i == REG_NEXT) next_q <= wdata_i;
      if (req_i && !we_i) reg_rdata_q <= (addr_i == REG_NEXT) ? next_q : 32'd0;
    end
  end

  mgmt_ram #(.WORDS(256), .AW(8)) u_ram (
    .clk_i     (clk_i),
    .a_en_i    (req_i && ram_sel),
    .a_we_i    (we_i),
    .a_be_i    (be_i),
    .a_addr_i  (addr_i[9:2]),
    .a_wdata_i (wdata_i),
    .a_rdata_o (ram_rdata),
    .b_en_i    (1'b0),
    .b_we_i    (1'b0),
    .b_be_i    (4'd0),
    .b_addr_i  (8'd0),
    .b_wdata_i (32'd0),
    .b_rdata_o (unused_b_rdata)
  );

  assign rdata_o = ram_sel_q ? ram_rdata : reg_rdata_q;

endmodule

`default_nettype wire
