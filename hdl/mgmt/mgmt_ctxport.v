// Registers that drive the engine's flow-context port (docs/engine-streams.md,
// "Context port") for the firmware: fill FLOW and the parameters, write CMD,
// poll STATUS until BUSY clears, read the response. One command at a time.
// The start key registers are zeroed as soon as the engine has taken a
// CREATE, so the key does not linger in the management block.
`default_nettype none
`include "mgmt_map.vh"
`include "mppe_ctx_bus.vh"

module mgmt_ctxport #(
  parameter integer FLOW_W    = 16,
  parameter [31:0]  NUM_FLOWS = 32'd4096
) (
  input  wire              clk_i,
  input  wire              rst_ni,

  input  wire              req_i,
  input  wire              we_i,
  input  wire [7:0]        addr_i,
  input  wire [31:0]       wdata_i,
  output reg  [31:0]       rdata_o,

  // the engine's context port (contract/mppe_ctx_bus.txt)
  output reg               ctx_req_valid_o,
  input  wire              ctx_req_ready_i,
  output reg  [`MPPE_CTX_REQ_W-1:0] ctx_req_o,
  input  wire              ctx_rsp_valid_i,
  output wire              ctx_rsp_ready_o,
  input  wire [`MPPE_CTX_RSP_W-1:0] ctx_rsp_i
);

  // offsets within the CTX block: contract/mgmt_map.txt
  localparam [7:0] REG_CMD    = `MGMT_CTX_CMD_OFF;
  localparam [7:0] REG_STATUS = `MGMT_CTX_STATUS_OFF;
  localparam [7:0] REG_FLOW   = `MGMT_CTX_FLOW_OFF;
  localparam [7:0] REG_PARAM  = `MGMT_CTX_PARAM_OFF;
  localparam [7:0] REG_CCOUNT = `MGMT_CTX_CCOUNT_OFF;
  localparam [7:0] REG_NFLOWS = `MGMT_CTX_NUM_FLOWS_OFF;
  localparam [7:0] REG_KEY0   = `MGMT_CTX_KEY_OFF;   // 4 words
  localparam [7:0] REG_RSP    = `MGMT_CTX_RSP_OFF;   // 16 words

  reg [1:0]        cmd_q;
  reg [FLOW_W-1:0] flow_q;
  reg [15:0]       param_q;     // [0] dir, [1] stateful, [2] accept PFC, [15:8] key bits
  reg [31:0]       ccount_q;    // [11:0] first ccount, [31:16] max rekeys
  reg [127:0]      key_q;
  reg              busy_q, wait_rsp_q;
  reg [3:0]        rsp_status_q;
  reg [511:0]      rsp_q;       // 16 response words, see docs/mgmt-core.md

  always @(*) begin
    ctx_req_o = {`MPPE_CTX_REQ_W{1'b0}};
    ctx_req_o[`MPPE_CTX_REQ_CMD]           = cmd_q;
    ctx_req_o[`MPPE_CTX_REQ_FLOW_LSB +: FLOW_W] = flow_q;
    ctx_req_o[`MPPE_CTX_REQ_DIR_LSB]        = param_q[0];
    ctx_req_o[`MPPE_CTX_REQ_STATEFUL_LSB]   = param_q[1];
    ctx_req_o[`MPPE_CTX_REQ_KEY_BITS]       = param_q[15:8];
    ctx_req_o[`MPPE_CTX_REQ_START_KEY]      = key_q;
    ctx_req_o[`MPPE_CTX_REQ_FIRST_CCOUNT]   = ccount_q[11:0];
    ctx_req_o[`MPPE_CTX_REQ_MAX_REKEYS]     = ccount_q[31:16];
    ctx_req_o[`MPPE_CTX_REQ_ACCEPT_PFC_LSB] = param_q[2];
  end
  assign ctx_rsp_ready_o        = wait_rsp_q;

  wire wr = req_i && we_i;
  wire [511:0] rsp_words = {
    32'd0,                                                     // 0x7c
    6'd0, ctx_rsp_i[`MPPE_CTX_RSP_DIR_LSB], ctx_rsp_i[`MPPE_CTX_RSP_STATEFUL_LSB],
      ctx_rsp_i[`MPPE_CTX_RSP_KEY_BITS], 3'd0, ctx_rsp_i[`MPPE_CTX_RSP_DISCARDING_LSB],
      ctx_rsp_i[`MPPE_CTX_RSP_NEXT_CCOUNT],                    // 0x78
    ctx_rsp_i[`MPPE_CTX_RSP_SANITY_SCORE],                     // 0x74
    ctx_rsp_i[`MPPE_CTX_RSP_SANITY_ERRORS],                    // 0x70
    ctx_rsp_i[`MPPE_CTX_RSP_RX_IMPLAUSIBLE],                   // 0x6c
    ctx_rsp_i[`MPPE_CTX_RSP_RX_REKEY_LIMITED],                 // 0x68
    ctx_rsp_i[`MPPE_CTX_RSP_RX_MISSED],                        // 0x64
    ctx_rsp_i[`MPPE_CTX_RSP_RX_OUT_OF_ORDER],                  // 0x60
    ctx_rsp_i[`MPPE_CTX_RSP_RX_DROPPED],                       // 0x5c
    ctx_rsp_i[`MPPE_CTX_RSP_CCP_RESETS],                       // 0x58
    ctx_rsp_i[`MPPE_CTX_RSP_KEY_CHANGES],                      // 0x50, 0x54
    ctx_rsp_i[`MPPE_CTX_RSP_BYTES],                            // 0x48, 0x4c
    ctx_rsp_i[`MPPE_CTX_RSP_PACKETS]                           // 0x40, 0x44
  };
  wire unused_rsp = ^ctx_rsp_i;   // the bits between the response's fields

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ctx_req_valid_o <= 1'b0;
      busy_q          <= 1'b0;
      wait_rsp_q      <= 1'b0;
      rsp_status_q    <= 4'd0;
      cmd_q           <= 2'd0;
      key_q           <= 128'd0;
    end else begin
      if (ctx_req_valid_o && ctx_req_ready_i) begin
        ctx_req_valid_o <= 1'b0;
        wait_rsp_q      <= 1'b1;
        key_q           <= 128'd0;   // the engine has the key now
      end
      if (wait_rsp_q && ctx_rsp_valid_i) begin
        wait_rsp_q   <= 1'b0;
        busy_q       <= 1'b0;
        rsp_status_q <= ctx_rsp_i[`MPPE_CTX_RSP_STATUS];
      end
      if (wr && !busy_q) begin
        case (addr_i)
          REG_CMD: begin
            cmd_q           <= wdata_i[1:0];
            ctx_req_valid_o <= 1'b1;
            busy_q          <= 1'b1;
          end
          REG_KEY0:         key_q[31:0]   <= wdata_i;
          REG_KEY0 + 8'h04: key_q[63:32]  <= wdata_i;
          REG_KEY0 + 8'h08: key_q[95:64]  <= wdata_i;
          REG_KEY0 + 8'h0c: key_q[127:96] <= wdata_i;
          default: ;
        endcase
      end
    end
  end

  integer i;
  always @(posedge clk_i) begin
    if (wait_rsp_q && ctx_rsp_valid_i) rsp_q <= rsp_words;
    if (wr && !busy_q) begin
      case (addr_i)
        REG_FLOW:   flow_q   <= wdata_i[FLOW_W-1:0];
        REG_PARAM:  param_q  <= wdata_i[15:0];
        REG_CCOUNT: ccount_q <= wdata_i;
        default: ;
      endcase
    end
    if (req_i && !we_i) begin
      if (addr_i[7:6] == REG_RSP[7:6]) begin
        // an AND-OR loop over constant part-selects: a variable part-select
        // (rsp_q[k*32 +: 32]) is a 512-bit barrel shifter in yosys
        rdata_o <= 32'd0;
        for (i = 0; i < 16; i = i + 1)
          if (addr_i[5:2] == i[3:0]) rdata_o <= rsp_q[i*32 +: 32];
      end else begin
        case (addr_i)
          REG_STATUS: rdata_o <= {24'd0, rsp_status_q, 3'd0, busy_q};
          REG_FLOW:   rdata_o <= {{(32-FLOW_W){1'b0}}, flow_q};
          REG_PARAM:  rdata_o <= {16'd0, param_q};
          REG_CCOUNT: rdata_o <= ccount_q;
          REG_NFLOWS: rdata_o <= NUM_FLOWS;
          default:    rdata_o <= 32'd0;   // the key registers read as zero
        endcase
      end
    end
  end

endmodule

`default_nettype wire
