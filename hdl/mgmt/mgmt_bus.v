// The management core's data bus: which block a request addresses (the
// management map, contract/mgmt_map.txt) and the response timing every
// block keeps (answered the clock after the request; an address no block
// has faults). Written once for mgmt_top (the card) and the iCE40 board tops,
// which say with the parameters which blocks they have.
//
// Windows: IMEM, DMEM, STAGE 16 KiB, DMABUF 4 KiB (smaller memories repeat
// in them); SYS, TIMER, ADMIN, LOG, UART 4 KiB; CTX and LITE 256 B; ST 1 KiB.
// Register blocks take whole words only; IMEM is read-only to the core.
`default_nettype none
`include "mgmt_map.vh"

module mgmt_bus #(
  parameter integer HOST_IF = 1,   // STAGE, DMABUF, ADMIN, LOG
  parameter integer UART    = 0,   // the UART block
  parameter integer ENGINE  = 1,   // CTX and ST: the engine's ports
  parameter integer LITE    = 0    // the iCE40 board's crypto units
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        req_i,
  input  wire        we_i,
  input  wire [3:0]  be_i,
  // Waiver: the offset inside the smallest window is the block's to decode.
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [31:0] addr_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire        hold_i,       // the core is held in reset: no answer
  output reg  [3:0]  target_o,     // this request's block (T_NONE: none)
  output reg  [3:0]  target_q_o,   // the last request's, for the read data
  output reg         ack_o,
  output reg         err_o
);

`include "mgmt/mgmt_bus.vh"

  localparam [31:0] B_IMEM   = `MGMT_IMEM_BASE,   B_DMEM   = `MGMT_DMEM_BASE;
  localparam [31:0] B_STAGE  = `MGMT_STAGE_BASE,  B_DMABUF = `MGMT_DMABUF_BASE;
  localparam [31:0] B_SYS    = `MGMT_SYS_BASE,    B_TIMER  = `MGMT_TIMER_BASE;
  localparam [31:0] B_ADMIN  = `MGMT_ADMIN_BASE,  B_LOG    = `MGMT_LOG_BASE;
  localparam [31:0] B_CTX    = `MGMT_CTX_BASE,    B_ST     = `MGMT_ST_BASE;
  localparam [31:0] B_UART   = `MGMT_UART_BASE,   B_LITE   = `MGMT_LITE_BASE;

  always @(*) begin
    target_o = T_NONE;
    if (addr_i[31:14] == B_IMEM[31:14]) target_o = T_IMEM;
    else if (addr_i[31:14] == B_DMEM[31:14]) target_o = T_DMEM;
    else if (addr_i[31:14] == B_STAGE[31:14] && HOST_IF != 0) target_o = T_STAGE;
    else if (addr_i[31:12] == B_DMABUF[31:12] && HOST_IF != 0) target_o = T_DMABUF;
    else if (be_i == 4'hf) begin
      if (addr_i[31:12] == B_SYS[31:12]) target_o = T_SYS;
      else if (addr_i[31:12] == B_TIMER[31:12]) target_o = T_TIMER;
      else if (addr_i[31:12] == B_ADMIN[31:12] && HOST_IF != 0) target_o = T_ADMIN;
      else if (addr_i[31:12] == B_LOG[31:12] && HOST_IF != 0) target_o = T_LOG;
      else if (addr_i[31:12] == B_UART[31:12] && UART != 0) target_o = T_UART;
      else if (addr_i[31:8] == B_CTX[31:8] && ENGINE != 0) target_o = T_CTX;
      else if (addr_i[31:10] == B_ST[31:10] && ENGINE != 0) target_o = T_ST;
      else if (addr_i[31:8] == B_LITE[31:8] && LITE != 0) target_o = T_LITE;
    end
    if (target_o == T_IMEM && we_i) target_o = T_NONE;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      target_q_o <= T_NONE;
      ack_o      <= 1'b0;
      err_o      <= 1'b0;
    end else begin
      ack_o <= req_i && target_o != T_NONE && !hold_i;
      err_o <= req_i && target_o == T_NONE && !hold_i;
      if (req_i) target_q_o <= target_o;
    end
  end

endmodule

`default_nettype wire
