// The admin mailbox (docs/admin-mailbox.md): one submission slot filled by
// the host interface, the completion the firmware writes, and the registers
// of the DMA window that the host interface's DMA engine serves.
`default_nettype none
`include "mgmt_map.vh"

module mgmt_mailbox (
  input  wire         clk_i,
  input  wire         rst_ni,

  // register bus (ADMIN block), read data the clock after the request
  input  wire         req_i,
  input  wire         we_i,
  input  wire [11:0]  addr_i,
  input  wire [31:0]  wdata_i,
  output reg  [31:0]  rdata_o,

  // host interface side
  input  wire         adm_sqe_valid_i,
  output wire         adm_sqe_ready_o,
  input  wire [511:0] adm_sqe_i,
  output wire         adm_cqe_valid_o,
  input  wire         adm_cqe_ready_i,
  output wire [127:0] adm_cqe_o,

  output wire         dma_req_valid_o,
  input  wire         dma_req_ready_i,
  output wire [63:0]  dma_host_addr_o,
  output wire [12:0]  dma_len_o,
  output wire         dma_dir_o,
  input  wire         dma_done_i,
  input  wire [3:0]   dma_status_i
);

  // offsets within the ADMIN block: contract/mgmt_map.txt
  localparam [11:0] REG_STATUS    = `MGMT_ADMIN_STATUS_OFF;
  localparam [11:0] REG_DONE      = `MGMT_ADMIN_DONE_OFF;
  localparam [11:0] REG_CQE       = `MGMT_ADMIN_CQE_OFF;   // 4 words
  localparam [11:0] REG_SQE       = `MGMT_ADMIN_SQE_OFF;   // 16 words
  localparam [11:0] REG_DMA_LO    = `MGMT_ADMIN_DMA_HOST_LO_OFF;
  localparam [11:0] REG_DMA_HI    = `MGMT_ADMIN_DMA_HOST_HI_OFF;
  localparam [11:0] REG_DMA_LEN   = `MGMT_ADMIN_DMA_LEN_OFF;
  localparam [11:0] REG_DMA_DIR   = `MGMT_ADMIN_DMA_DIR_OFF;
  localparam [11:0] REG_DMA_GO    = `MGMT_ADMIN_DMA_GO_OFF;
  localparam [11:0] REG_DMA_STAT  = `MGMT_ADMIN_DMA_STATUS_OFF;
  localparam [11:0] REG_SQE_WIPE  = `MGMT_ADMIN_SQE_WIPE_OFF;

  localparam [3:0] DMA_ST_BAD_LEN = `MGMT_DMA_BAD_LEN;

  reg [511:0] sqe_q;
  reg         pending_q;
  reg [127:0] cqe_q;
  reg         cqe_valid_q;
  reg [63:0]  dma_addr_q;
  reg [12:0]  dma_len_q;
  reg         dma_dir_q;
  reg         dma_req_q, dma_busy_q, dma_done_q;
  reg [3:0]   dma_status_q;

  // The slot is free once the previous completion has been taken.
  assign adm_sqe_ready_o = !pending_q && !cqe_valid_q;
  assign adm_cqe_valid_o = cqe_valid_q;
  assign adm_cqe_o       = cqe_q;
  assign dma_req_valid_o = dma_req_q;
  assign dma_host_addr_o = dma_addr_q;
  assign dma_len_o       = dma_len_q;
  assign dma_dir_o       = dma_dir_q;

  wire wr = req_i && we_i;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pending_q    <= 1'b0;
      cqe_valid_q  <= 1'b0;
      dma_addr_q   <= 64'd0;
      dma_len_q    <= 13'd0;
      dma_dir_q    <= 1'b0;
      dma_req_q    <= 1'b0;
      dma_busy_q   <= 1'b0;
      dma_done_q   <= 1'b0;
      dma_status_q <= 4'd0;
    end else begin
      if (adm_sqe_valid_i && adm_sqe_ready_o) pending_q <= 1'b1;
      if (adm_cqe_valid_o && adm_cqe_ready_i) cqe_valid_q <= 1'b0;
      if (dma_req_q && dma_req_ready_i) dma_req_q <= 1'b0;
      if (dma_busy_q && dma_done_i) begin
        dma_busy_q   <= 1'b0;
        dma_done_q   <= 1'b1;
        dma_status_q <= dma_status_i;
      end
      if (wr) begin
        case (addr_i)
          REG_DONE: if (wdata_i[0] && pending_q) begin
            pending_q   <= 1'b0;
            cqe_valid_q <= 1'b1;
          end
          REG_DMA_LO:  dma_addr_q[31:0]  <= wdata_i;
          REG_DMA_HI:  dma_addr_q[63:32] <= wdata_i;
          REG_DMA_LEN: dma_len_q <= (wdata_i > 32'd4096) ? 13'd0 : wdata_i[12:0];
          REG_DMA_DIR: dma_dir_q <= wdata_i[0];
          REG_DMA_GO:  if (wdata_i[0] && !dma_busy_q) begin
            dma_done_q <= 1'b0;
            if (dma_len_q == 13'd0) begin
              dma_done_q   <= 1'b1;          // refused at GO: nothing moves
              dma_status_q <= DMA_ST_BAD_LEN;
            end else begin
              dma_req_q  <= 1'b1;
              dma_busy_q <= 1'b1;
            end
          end
          default: ;
        endcase
      end
    end
  end

  // data registers: no reset needed, written before use
  always @(posedge clk_i) begin
    if (adm_sqe_valid_i && adm_sqe_ready_o) sqe_q <= adm_sqe_i;
    if (wr && addr_i == REG_SQE_WIPE && wdata_i[0]) sqe_q <= 512'd0;
    if (wr && addr_i[11:4] == REG_CQE[11:4]) begin
      case (addr_i[3:2])
        2'd0: cqe_q[31:0]   <= wdata_i;
        2'd1: cqe_q[63:32]  <= wdata_i;
        2'd2: cqe_q[95:64]  <= wdata_i;
        default: cqe_q[127:96] <= wdata_i;
      endcase
    end
    if (req_i && !we_i) begin
      if (addr_i[11:6] == REG_SQE[11:6]) begin
        rdata_o <= sqe_q[addr_i[5:2]*32 +: 32];
      end else if (addr_i[11:4] == REG_CQE[11:4]) begin
        rdata_o <= cqe_q[addr_i[3:2]*32 +: 32];
      end else begin
        case (addr_i)
          REG_STATUS:   rdata_o <= {30'd0, cqe_valid_q, pending_q};
          REG_DMA_LO:   rdata_o <= dma_addr_q[31:0];
          REG_DMA_HI:   rdata_o <= dma_addr_q[63:32];
          REG_DMA_LEN:  rdata_o <= {19'd0, dma_len_q};
          REG_DMA_DIR:  rdata_o <= {31'd0, dma_dir_q};
          REG_DMA_STAT: rdata_o <= {20'd0, dma_status_q, 6'd0, dma_done_q, dma_busy_q};
          default:      rdata_o <= 32'd0;
        endcase
      end
    end
  end

endmodule

`default_nettype wire
