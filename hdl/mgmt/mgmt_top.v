// The card's management subsystem: the RV32I core, its RAMs, the register
// blocks and the data bus that joins them (memory map: docs/mgmt-core.md),
// the admin mailbox towards the host interface (docs/admin-mailbox.md) and
// the ENGINE window towards the engine's flow-context and self-test ports.
// HOST_IF = 0 builds it for a board without a host and with the engine
// (no board uses it today: the iCEBreaker has its own top, hdl/lite/): no
// mailbox, DMA window, staging RAM, update bank or event log (their
// addresses fault like unmapped ones; their ports are ignored), and the
// memories sized by IMEM_AW/DMEM_AW. UART_DIV > 0 adds the UART block.
`default_nettype none
`include "mgmt_map.vh"
`include "mppe_ctx_bus.vh"

module mgmt_top #(
  parameter [31:0] RTL_VERSION = `MGMT_SYS_RTL_VERSION_RESET_VALUE,
  parameter [31:0] NUM_FLOWS   = 32'd4096,     // the engine's NUM_FLOWS
  parameter        FW_HEX      = "",           // the golden image ($readmemh file of the firmware build)
  parameter integer WDOG_CLOCKS = 1 << 22,
  parameter integer REGFILE_BRAM = 0,          // mgmt_cpu: registers in block RAM (small FPGAs)
  parameter integer CPU_SMALL   = 0,           // mgmt_cpu SMALL: the area-first core (iCE40 UP5K)
  parameter integer HOST_IF     = 1,           // 0: no admin mailbox, DMA, STAGE, update bank, log
  parameter integer IMEM_AW     = 12,          // log2 words of each IMEM bank (12: 16 KiB)
  parameter integer DMEM_AW     = 12,          // log2 words of DMEM (12: 16 KiB)
  parameter integer UART_DIV    = 0,           // clocks per UART bit; 0: no UART
  parameter integer IMEM_1PORT  = 0,           // 1: the golden bank's data reads share its fetch port
  parameter integer DMEM_SPRAM  = 0            // 1: DMEM in two iCE40 UP5K SB_SPRAM256KA (mgmt_spram.v)
) (
  input  wire         clk_i,
  input  wire         rst_ni,

`include "mgmt/mgmt_host_ports.vh"

  // engine (docs/engine-streams.md): present/ready, context port, and the
  // input/output streams for the self-test (the card top hands them to
  // mgmt only while datapath_enable_o is low)
  input  wire         eng_present_i,
  input  wire         eng_ready_i,
  output wire         ctx_req_valid_o,
  input  wire         ctx_req_ready_i,
  output wire [`MPPE_CTX_REQ_W-1:0] ctx_req_o,
  input  wire         ctx_rsp_valid_i,
  output wire         ctx_rsp_ready_o,
  input  wire [`MPPE_CTX_RSP_W-1:0] ctx_rsp_i,
  output wire         st_in_valid_o,
  input  wire         st_in_ready_i,
  output wire [15:0]  st_in_tag_o,
  output wire [15:0]  st_in_flow_o,
  output wire [3:0]   st_in_op_o,
  output wire [15:0]  st_in_len_o,
  output wire [63:0]  st_in_data_o,
  output wire         st_in_last_o,
  input  wire         st_out_valid_i,
  output wire         st_out_ready_o,
  input  wire [15:0]  st_out_tag_i,
  input  wire [3:0]   st_out_status_i,
  input  wire [7:0]   st_out_flags_i,
  input  wire [11:0]  st_out_ccount_i,
  input  wire [15:0]  st_out_len_i,
  input  wire [63:0]  st_out_data_i,
  input  wire         st_out_last_i,

  // simulation hooks (SIM_TOHOST, SIM_CONSOLE) and core lockup
  output wire         sim_tohost_valid_o,
  output wire [31:0]  sim_tohost_o,
  output wire         sim_console_valid_o,
  output wire [7:0]   sim_console_o,
  output wire         cpu_lockup_o,
  output wire [31:0]  recovery_o,     // SYS RECOVERY: image running, watchdog and lockup resets
  output wire         uart_tx_o       // UART block (UART_DIV > 0); idles high
);

  // IMEM and DMEM windows stay 16 KiB in the map; smaller memories repeat in them
  localparam integer STAGE_AW = HOST_IF != 0 ? 12 : IMEM_AW;   // 16 KiB (without a host: unused)
  localparam integer DMABUF_AW = 10;  // 4 KiB
  localparam [31:0] IMEM_BYTES = 32'd4 << IMEM_AW;

  // targets of the data bus (mgmt_bus decodes them)
`include "mgmt/mgmt_bus.vh"

  // ---------------------------------------------------------------- core
  wire        core_rst;
  wire        core_rst_n = rst_ni && !core_rst;
  wire        imem_en;
  wire [31:0] imem_addr, imem_rdata;
  wire        dreq, dwe;
  wire [31:0] daddr, dwdata, drdata;
  wire [3:0]  dbe;
  reg         dack, derr;

  mgmt_cpu #(.IMEM_BYTES(IMEM_BYTES), .REGFILE_BRAM(REGFILE_BRAM), .SMALL(CPU_SMALL)) u_cpu (
    .clk_i        (clk_i),
    .rst_ni       (core_rst_n),
    .imem_en_o    (imem_en),
    .imem_addr_o  (imem_addr),
    .imem_rdata_i (imem_rdata),
    .dreq_o       (dreq),
    .dwe_o        (dwe),
    .daddr_o      (daddr),
    .dwdata_o     (dwdata),
    .dbe_o        (dbe),
    .dack_i       (dack),
    .derr_i       (derr),
    .drdata_i     (drdata),
    .lockup_o     (cpu_lockup_o)
  );

  // ---------------------------------------------------------------- decode
  // the management map's windows, and every target answering the clock
  // after the request (hdl/mgmt/mgmt_bus.v)
  wire [3:0] target, target_q;
  wire       local_ack_q, local_err_q;
  mgmt_bus #(.HOST_IF(HOST_IF), .UART((UART_DIV != 0) ? 1 : 0), .ENGINE(1), .LITE(0)) u_bus (
    .clk_i, .rst_ni,
    .req_i(dreq), .we_i(dwe), .be_i(dbe), .addr_i(daddr), .hold_i(core_rst),
    .target_o(target), .target_q_o(target_q), .ack_o(local_ack_q), .err_o(local_err_q)
  );

  wire sel_imem   = dreq && target == T_IMEM;
  wire sel_dmem   = dreq && target == T_DMEM;
  wire sel_stage  = dreq && target == T_STAGE;
  wire sel_dmabuf = dreq && target == T_DMABUF;
  wire sel_sys    = dreq && (target == T_SYS || target == T_TIMER);
  wire sel_admin  = dreq && target == T_ADMIN;
  wire sel_log    = dreq && target == T_LOG;

  wire sel_ctx    = dreq && target == T_CTX;
  wire sel_st     = dreq && target == T_ST;
  wire sel_uart   = dreq && target == T_UART;

  // ---------------------------------------------------------------- memories
  // Waived: DMEM's second port is idle; fetch addresses are word aligned and
  // checked against IMEM_BYTES inside the core, so only the index bits matter.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0] unused_dmem_b_rdata;
  wire [31:0] unused_imem_addr = imem_addr;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [31:0] imem_d_rdata, dmem_rdata, stage_rdata, dmabuf_cpu_rdata;
  wire [31:0] sys_rdata, admin_rdata, log_rdata, ctx_rdata, st_rdata, uart_rdata;
  wire        ldr_stage_en, ldr_imem_we;
  wire [STAGE_AW-1:0] ldr_stage_addr;
  wire [IMEM_AW-1:0]  ldr_imem_addr;
  wire [31:0]         ldr_imem_wdata;

  // Instruction memory: two banks at the same addresses, the core runs from
  // the one mgmt_sys selects (bank only changes while the core is in reset).
  // GOLDEN: the firmware of the bitstream, read-only. UPDATE: written by the
  // loader. Port A fetch, port B data reads (and loader writes).
  wire        bank;
  wire [31:0] gold_rdata, upd_rdata, gold_d_rdata, upd_d_rdata;
  assign imem_rdata   = bank ? upd_rdata : gold_rdata;
  assign imem_d_rdata = bank ? upd_d_rdata : (IMEM_1PORT != 0) ? gold_rdata : gold_d_rdata;
  // IMEM_1PORT: yosys builds a ROM with two read ports as two copies of its
  // block RAMs (iCE40 EBR have one read port). The core never fetches in the
  // clock it issues a load (a load's fetch waits for its acknowledge), so
  // one port serves both; the word a load reads replaces the instruction on
  // the port, which the core no longer needs then (docs/mgmt-core.md).
  wire        gold_a_en   = (IMEM_1PORT != 0) ? (imem_en || sel_imem) && !bank : imem_en && !bank;
  wire [IMEM_AW-1:0] gold_a_addr = (IMEM_1PORT != 0 && !imem_en) ? daddr[IMEM_AW+1:2]
                                                                  : imem_addr[IMEM_AW+1:2];

  mgmt_ram #(.WORDS(1 << IMEM_AW), .AW(IMEM_AW), .INIT_PLUSARG("imem=%s"), .INIT_FILE(FW_HEX),
             .READ_ONLY(1)) u_golden (
    .clk_i     (clk_i),
    .a_en_i    (gold_a_en),
    .a_we_i    (1'b0),
    .a_be_i    (4'd0),
    .a_addr_i  (gold_a_addr),
    .a_wdata_i (32'd0),
    .a_rdata_o (gold_rdata),
    .b_en_i    (sel_imem && !bank && IMEM_1PORT == 0),
    .b_we_i    (1'b0),
    .b_be_i    (4'd0),
    .b_addr_i  (daddr[IMEM_AW+1:2]),
    .b_wdata_i (32'd0),
    .b_rdata_o (gold_d_rdata)
  );

  generate if (HOST_IF != 0) begin : g_update
  mgmt_ram #(.WORDS(1 << IMEM_AW), .AW(IMEM_AW)) u_imem (
    .clk_i     (clk_i),
    .a_en_i    (imem_en && bank),
    .a_we_i    (1'b0),
    .a_be_i    (4'd0),
    .a_addr_i  (imem_addr[IMEM_AW+1:2]),
    .a_wdata_i (32'd0),
    .a_rdata_o (upd_rdata),
    .b_en_i    ((sel_imem && bank) || ldr_imem_we),
    .b_we_i    (ldr_imem_we),
    .b_be_i    (4'hf),
    .b_addr_i  (ldr_imem_we ? ldr_imem_addr : daddr[IMEM_AW+1:2]),
    .b_wdata_i (ldr_imem_wdata),
    .b_rdata_o (upd_d_rdata)
  );
  end else begin : g_no_update
    // no loader source without STAGE: the golden image always runs
    assign upd_rdata   = 32'd0;
    assign upd_d_rdata = 32'd0;
    // Waived: the loader's outputs have nothing to drive.
    /* verilator lint_off UNUSEDSIGNAL */
    wire unused_ldr = ^{ldr_imem_we, ldr_imem_addr, ldr_imem_wdata, ldr_stage_en, ldr_stage_addr};
    /* verilator lint_on UNUSEDSIGNAL */
  end endgenerate

  generate if (DMEM_SPRAM != 0) begin : g_dmem_spram
  // the UP5K's single-port RAM: no EBR; needs no initial contents (start.S
  // copies .data from IMEM)
  mgmt_spram #(.AW(DMEM_AW)) u_dmem (
    .clk_i     (clk_i),
    .en_i      (sel_dmem),
    .we_i      (dwe),
    .be_i      (dbe),
    .addr_i    (daddr[DMEM_AW+1:2]),
    .wdata_i   (dwdata),
    .rdata_o   (dmem_rdata)
  );
  assign unused_dmem_b_rdata = 32'd0;
  end else begin : g_dmem_ram
  mgmt_ram #(.WORDS(1 << DMEM_AW), .AW(DMEM_AW), .READ_ON_WRITE(0)) u_dmem (
    .clk_i     (clk_i),
    .a_en_i    (sel_dmem),
    .a_we_i    (dwe),
    .a_be_i    (dbe),
    .a_addr_i  (daddr[DMEM_AW+1:2]),
    .a_wdata_i (dwdata),
    .a_rdata_o (dmem_rdata),
    .b_en_i    (1'b0),
    .b_we_i    (1'b0),
    .b_be_i    (4'd0),
    .b_addr_i  ({DMEM_AW{1'b0}}),
    .b_wdata_i (32'd0),
    .b_rdata_o (unused_dmem_b_rdata)
  );
  end endgenerate

  generate if (HOST_IF != 0) begin : g_host_ram
  // STAGE: port A core, port B loader
  mgmt_ram #(.WORDS(1 << STAGE_AW), .AW(STAGE_AW)) u_stage (
    .clk_i     (clk_i),
    .a_en_i    (sel_stage),
    .a_we_i    (dwe),
    .a_be_i    (dbe),
    .a_addr_i  (daddr[STAGE_AW+1:2]),
    .a_wdata_i (dwdata),
    .a_rdata_o (stage_rdata),
    .b_en_i    (ldr_stage_en),
    .b_we_i    (1'b0),
    .b_be_i    (4'd0),
    .b_addr_i  (ldr_stage_addr),
    .b_wdata_i (32'd0),
    .b_rdata_o (ldr_imem_wdata)
  );

  // DMABUF: port A core, port B host interface
  mgmt_ram #(.WORDS(1 << DMABUF_AW), .AW(DMABUF_AW)) u_dmabuf (
    .clk_i     (clk_i),
    .a_en_i    (sel_dmabuf),
    .a_we_i    (dwe),
    .a_be_i    (dbe),
    .a_addr_i  (daddr[DMABUF_AW+1:2]),
    .a_wdata_i (dwdata),
    .a_rdata_o (dmabuf_cpu_rdata),
    .b_en_i    (dmabuf_en_i),
    .b_we_i    (dmabuf_we_i),
    .b_be_i    (dmabuf_be_i),
    .b_addr_i  (dmabuf_addr_i),
    .b_wdata_i (dmabuf_wdata_i),
    .b_rdata_o (dmabuf_rdata_o)
  );
  end else begin : g_no_host_ram
    assign stage_rdata      = 32'd0;
    assign ldr_imem_wdata   = 32'd0;
    assign dmabuf_cpu_rdata = 32'd0;
    assign dmabuf_rdata_o   = 32'd0;
    // Waived: no host interface drives the DMA window.
    /* verilator lint_off UNUSEDSIGNAL */
    wire unused_dmabuf = ^{dmabuf_en_i, dmabuf_we_i, dmabuf_addr_i, dmabuf_wdata_i, dmabuf_be_i,
                           sel_stage, sel_dmabuf};
    /* verilator lint_on UNUSEDSIGNAL */
  end endgenerate

  // ---------------------------------------------------------------- registers
  mgmt_sys #(.RTL_VERSION(RTL_VERSION), .IMEM_AW(IMEM_AW), .STAGE_AW(STAGE_AW),
             .WDOG_CLOCKS(WDOG_CLOCKS)) u_sys (
    .clk_i                  (clk_i),
    .rst_ni                 (rst_ni),
    .req_i                  (sel_sys),
    .we_i                   (dwe),
    .timer_sel_i            (target == T_TIMER),
    .addr_i                 (daddr[11:0]),
    .wdata_i                (dwdata),
    .rdata_o                (sys_rdata),
    .core_rst_o             (core_rst),
    .ldr_stage_en_o         (ldr_stage_en),
    .ldr_stage_addr_o       (ldr_stage_addr),
    .ldr_imem_we_o          (ldr_imem_we),
    .ldr_imem_addr_o        (ldr_imem_addr),
    .lockup_i               (cpu_lockup_o),
    .bank_o                 (bank),
    .recovery_o             (recovery_o),
    .card_ready_o           (card_ready_o),
    .card_selftest_failed_o (card_selftest_failed_o),
    .card_fatal_o           (card_fatal_o),
    .datapath_enable_o      (datapath_enable_o),
    .fw_version_o           (fw_version_o),
    .irq_coalesce_o         (irq_coalesce_o),
    .irq_coalesce_valid_o   (irq_coalesce_valid_o),
    .sim_tohost_valid_o     (sim_tohost_valid_o),
    .sim_tohost_o           (sim_tohost_o),
    .sim_console_valid_o    (sim_console_valid_o),
    .sim_console_o          (sim_console_o)
  );

  generate if (HOST_IF != 0) begin : g_host_regs
  mgmt_mailbox u_mailbox (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .req_i           (sel_admin),
    .we_i            (dwe),
    .addr_i          (daddr[11:0]),
    .wdata_i         (dwdata),
    .rdata_o         (admin_rdata),
    .adm_sqe_valid_i (adm_sqe_valid_i),
    .adm_sqe_ready_o (adm_sqe_ready_o),
    .adm_sqe_i       (adm_sqe_i),
    .adm_cqe_valid_o (adm_cqe_valid_o),
    .adm_cqe_ready_i (adm_cqe_ready_i),
    .adm_cqe_o       (adm_cqe_o),
    .dma_req_valid_o (dma_req_valid_o),
    .dma_req_ready_i (dma_req_ready_i),
    .dma_host_addr_o (dma_host_addr_o),
    .dma_len_o       (dma_len_o),
    .dma_dir_o       (dma_dir_o),
    .dma_done_i      (dma_done_i),
    .dma_status_i    (dma_status_i)
  );

  mgmt_log u_log (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .req_i   (sel_log),
    .we_i    (dwe),
    .be_i    (dbe),
    .addr_i  (daddr[11:0]),
    .wdata_i (dwdata),
    .rdata_o (log_rdata)
  );
  end else begin : g_no_host_regs
    assign admin_rdata     = 32'd0;
    assign log_rdata       = 32'd0;
    assign adm_sqe_ready_o = 1'b0;
    assign adm_cqe_valid_o = 1'b0;
    assign adm_cqe_o       = 128'd0;
    assign dma_req_valid_o = 1'b0;
    assign dma_host_addr_o = 64'd0;
    assign dma_len_o       = 13'd0;
    assign dma_dir_o       = 1'b0;
    // Waived: no host.
    /* verilator lint_off UNUSEDSIGNAL */
    wire unused_host = ^{adm_sqe_valid_i, adm_sqe_i, adm_cqe_ready_i, dma_req_ready_i, dma_done_i,
                         dma_status_i, sel_admin, sel_log};
    /* verilator lint_on UNUSEDSIGNAL */
  end endgenerate

  generate if (UART_DIV != 0) begin : g_uart
    mgmt_uart #(.DIV(UART_DIV)) u_uart (
      .clk_i   (clk_i),
      .rst_ni  (rst_ni),
      .req_i   (sel_uart),
      .we_i    (dwe),
      .addr_i  (daddr[11:0]),
      .wdata_i (dwdata),
      .rdata_o (uart_rdata),
      .tx_o    (uart_tx_o)
    );
  end else begin : g_no_uart
    assign uart_rdata = 32'd0;
    assign uart_tx_o  = 1'b1;
    // Waived: the decoder never selects an absent UART.
    /* verilator lint_off UNUSEDSIGNAL */
    wire unused_uart = sel_uart;
    /* verilator lint_on UNUSEDSIGNAL */
  end endgenerate

  mgmt_ctxport #(.FLOW_W(16), .NUM_FLOWS(NUM_FLOWS)) u_ctxport (
    .clk_i                      (clk_i),
    .rst_ni                     (rst_ni),
    .req_i                      (sel_ctx),
    .we_i                       (dwe),
    .addr_i                     (daddr[7:0]),
    .wdata_i                    (dwdata),
    .rdata_o                    (ctx_rdata),
    .ctx_req_valid_o            (ctx_req_valid_o),
    .ctx_req_ready_i            (ctx_req_ready_i),
    .ctx_req_o                  (ctx_req_o),
    .ctx_rsp_valid_i            (ctx_rsp_valid_i),
    .ctx_rsp_ready_o            (ctx_rsp_ready_o),
    .ctx_rsp_i                  (ctx_rsp_i)
  );

  mgmt_stport #(.FLOW_W(16), .TAG_W(16)) u_stport (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .req_i         (sel_st),
    .we_i          (dwe),
    .addr_i        (daddr[9:0]),
    .wdata_i       (dwdata),
    .rdata_o       (st_rdata),
    .eng_present_i (eng_present_i),
    .eng_ready_i   (eng_ready_i),
    .in_valid_o    (st_in_valid_o),
    .in_ready_i    (st_in_ready_i),
    .in_tag_o      (st_in_tag_o),
    .in_flow_o     (st_in_flow_o),
    .in_op_o       (st_in_op_o),
    .in_len_o      (st_in_len_o),
    .in_data_o     (st_in_data_o),
    .in_last_o     (st_in_last_o),
    .out_valid_i   (st_out_valid_i),
    .out_ready_o   (st_out_ready_o),
    .out_tag_i     (st_out_tag_i),
    .out_status_i  (st_out_status_i),
    .out_flags_i   (st_out_flags_i),
    .out_ccount_i  (st_out_ccount_i),
    .out_len_i     (st_out_len_i),
    .out_data_i    (st_out_data_i),
    .out_last_i    (st_out_last_i)
  );

  // ---------------------------------------------------------------- response
  reg [31:0] local_rdata;
  always @(*) begin
    case (target_q)
      T_IMEM:   local_rdata = imem_d_rdata;
      T_DMEM:   local_rdata = dmem_rdata;
      T_STAGE:  local_rdata = stage_rdata;
      T_DMABUF: local_rdata = dmabuf_cpu_rdata;
      T_SYS,
      T_TIMER:  local_rdata = sys_rdata;
      T_ADMIN:  local_rdata = admin_rdata;
      T_LOG:    local_rdata = log_rdata;
      T_CTX:    local_rdata = ctx_rdata;
      T_ST:     local_rdata = st_rdata;
      T_UART:   local_rdata = uart_rdata;
      default:  local_rdata = 32'd0;
    endcase
  end

  always @(*) begin
    dack = local_ack_q && !core_rst;
    derr = local_err_q && !core_rst;
  end
  assign drdata = local_rdata;

endmodule

`default_nettype wire
