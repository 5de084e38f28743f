// SYS and TIMER register blocks of the management core, the firmware image
// loader and the core's recovery (docs/mgmt-core.md). Register accesses are
// one 32-bit word; read data is returned the clock after the request.
//
// Golden/update pair: the core boots the golden image (the firmware built
// into the bitstream, a ROM). The loader copies an update into the update
// RAM and only then switches the core to it, so an update interrupted by a
// reset never runs. A core that stops kicking the watchdog (WDOG_CLOCKS) or
// locks up (a trap with an unusable vector) is reset into the golden image;
// both are counted in RECOVERY, which the host reads as CTL.MGMT_BOOT.
`default_nettype none
`include "mgmt_map.vh"

module mgmt_sys #(
  parameter [31:0] RTL_VERSION = `MGMT_SYS_RTL_VERSION_RESET_VALUE,
  parameter integer IMEM_AW    = 12,
  parameter integer STAGE_AW   = 12,
  parameter integer WDOG_CLOCKS = 1 << 22   // ~42 ms at 100 MHz; a self-test wait is 200,000
) (
  input  wire                clk_i,
  input  wire                rst_ni,

  // register bus (SYS at block 0, TIMER at block 1)
  input  wire                req_i,
  input  wire                we_i,
  input  wire                timer_sel_i,   // 1: TIMER block, 0: SYS block
  input  wire [11:0]         addr_i,
  input  wire [31:0]         wdata_i,
  output reg  [31:0]         rdata_o,

  // image loader: holds the core in reset and copies STAGE -> IMEM (the
  // STAGE read data goes straight to the IMEM write port in mgmt_top)
  output wire                core_rst_o,
  output reg                 ldr_stage_en_o,
  output wire [STAGE_AW-1:0] ldr_stage_addr_o,
  output reg                 ldr_imem_we_o,
  output wire [IMEM_AW-1:0]  ldr_imem_addr_o,

  input  wire                lockup_i,      // the core stopped: unusable trap vector
  output reg                 bank_o,        // 0: golden image runs, 1: update image
  output wire [31:0]         recovery_o,    // RECOVERY, for the host

  output wire                card_ready_o,
  output wire                card_selftest_failed_o,
  output wire                card_fatal_o,
  output wire                datapath_enable_o,
  output wire [31:0]         fw_version_o,
  output wire [31:0]         irq_coalesce_o,
  output reg                 irq_coalesce_valid_o,

  output reg                 sim_tohost_valid_o,
  output reg  [31:0]         sim_tohost_o,
  output reg                 sim_console_valid_o,
  output reg  [7:0]          sim_console_o
);

  // offsets within the SYS and TIMER blocks: contract/mgmt_map.txt
  localparam [11:0] REG_ID           = `MGMT_SYS_ID_OFF;
  localparam [11:0] REG_RTL_VERSION  = `MGMT_SYS_RTL_VERSION_OFF;
  localparam [11:0] REG_CARD_STATUS  = `MGMT_SYS_CARD_STATUS_OFF;
  localparam [11:0] REG_FW_VERSION   = `MGMT_SYS_FW_VERSION_OFF;
  localparam [11:0] REG_SCRATCH      = `MGMT_SYS_SCRATCH_OFF;
  localparam [11:0] REG_LOADER_SRC   = `MGMT_SYS_LOADER_SRC_OFF;
  localparam [11:0] REG_LOADER_WORDS = `MGMT_SYS_LOADER_WORDS_OFF;
  localparam [11:0] REG_LOADER_GO    = `MGMT_SYS_LOADER_GO_OFF;
  localparam [11:0] REG_SIM_TOHOST   = `MGMT_SYS_SIM_TOHOST_OFF;
  localparam [11:0] REG_SIM_CONSOLE  = `MGMT_SYS_SIM_CONSOLE_OFF;
  localparam [11:0] REG_IRQ_COALESCE = `MGMT_SYS_IRQ_COALESCE_OFF;
  localparam [11:0] REG_BOOT_COUNT   = `MGMT_SYS_BOOT_COUNT_OFF;
  localparam [11:0] REG_WDOG         = `MGMT_SYS_WDOG_OFF;
  localparam [11:0] REG_RECOVERY     = `MGMT_SYS_RECOVERY_OFF;
  localparam [11:0] REG_MTIME_LO     = `MGMT_TIMER_MTIME_LO_OFF;
  localparam [11:0] REG_MTIME_HI     = `MGMT_TIMER_MTIME_HI_OFF;

  localparam [31:0] SYS_ID = `MGMT_SYS_ID_RESET_VALUE;   // "MGMT"

  reg [3:0]  card_status_q;
  reg [31:0] fw_version_q, scratch_q, irq_coalesce_q, boot_count_q;
  reg [31:0] ldr_src_q;
  reg [IMEM_AW:0] ldr_words_q;
  reg [63:0] mtime_q;
  reg [31:0] mtime_hi_latch_q;

  // loader: LDR_IDLE -> LDR_COPY (read word i, write word i-1) -> LDR_IDLE
  localparam LDR_IDLE = 1'b0;   // core runs
  localparam LDR_COPY = 1'b1;   // core held in reset, copying
  reg             ldr_state_q, ldr_state_d;
  reg [IMEM_AW:0] ldr_idx_q, ldr_idx_d;    // next word to read
  reg             ldr_wr_q;                 // a read is in flight: write it this clock
  reg [IMEM_AW-1:0] ldr_wr_addr_q;

  // recovery: watchdog count-down, counters, and a short core reset
  reg [31:0] wd_left_q;
  reg [15:0] wd_resets_q;
  reg [7:0]  lockup_resets_q;
  reg [2:0]  rec_rst_q;                     // core held in reset while non-zero
  wire       core_runs = ldr_state_q == LDR_IDLE && rec_rst_q == 3'd0;
  wire       wd_fire   = core_runs && wd_left_q == 32'd0;
  wire       lk_fire   = core_runs && lockup_i;
  assign recovery_o = {bank_o, 7'd0, lockup_resets_q, wd_resets_q};

  wire wr = req_i && we_i && !timer_sel_i;
  wire go = wr && addr_i == REG_LOADER_GO && wdata_i[0] &&
            ldr_words_q != 0 && ldr_words_q <= (1 << IMEM_AW);

  always @(*) begin
    ldr_state_d    = ldr_state_q;
    ldr_idx_d      = ldr_idx_q;
    ldr_stage_en_o = 1'b0;
    case (ldr_state_q)
      // The core runs; LOADER_GO starts a copy.
      LDR_IDLE: begin
        if (go) begin
          ldr_state_d = LDR_COPY;
          ldr_idx_d   = 0;
        end
      end
      // Read STAGE word idx; the word read last clock is written to IMEM.
      LDR_COPY: begin
        if (ldr_idx_q < ldr_words_q) begin
          ldr_stage_en_o = 1'b1;
          ldr_idx_d      = ldr_idx_q + 1'b1;
        end else if (!ldr_wr_q) begin
          ldr_state_d = LDR_IDLE;
        end
      end
      default: ldr_state_d = LDR_IDLE;
    endcase
  end

  assign core_rst_o       = (ldr_state_q == LDR_COPY) || rec_rst_q != 3'd0;
  assign ldr_stage_addr_o = ldr_src_q[STAGE_AW+1:2] + ldr_idx_q[STAGE_AW-1:0];
  assign ldr_imem_addr_o  = ldr_wr_addr_q;
  always @(*) ldr_imem_we_o = ldr_wr_q;

  assign card_ready_o           = card_status_q[0];
  assign card_selftest_failed_o = card_status_q[1];
  assign card_fatal_o           = card_status_q[2];
  assign datapath_enable_o      = card_status_q[3];
  assign fw_version_o           = fw_version_q;
  assign irq_coalesce_o         = irq_coalesce_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      card_status_q        <= 4'd0;
      fw_version_q         <= 32'd0;
      scratch_q            <= 32'd0;
      irq_coalesce_q       <= 32'd0;
      irq_coalesce_valid_o <= 1'b0;
      boot_count_q         <= 32'd0;
      ldr_src_q            <= 32'd0;
      ldr_words_q          <= 0;
      mtime_q              <= 64'd0;
      mtime_hi_latch_q     <= 32'd0;
      ldr_state_q          <= LDR_IDLE;
      ldr_idx_q            <= 0;
      ldr_wr_q             <= 1'b0;
      ldr_wr_addr_q        <= 0;
      bank_o               <= 1'b0;
      wd_left_q            <= WDOG_CLOCKS;
      wd_resets_q          <= 16'd0;
      lockup_resets_q      <= 8'd0;
      rec_rst_q            <= 3'd0;
      rdata_o              <= 32'd0;
      sim_tohost_valid_o   <= 1'b0;
      sim_tohost_o         <= 32'd0;
      sim_console_valid_o  <= 1'b0;
      sim_console_o        <= 8'd0;
    end else begin
      mtime_q              <= mtime_q + 64'd1;
      ldr_state_q          <= ldr_state_d;
      ldr_idx_q            <= ldr_idx_d;
      ldr_wr_q             <= ldr_stage_en_o;
      ldr_wr_addr_q        <= ldr_idx_q[IMEM_AW-1:0];
      irq_coalesce_valid_o <= 1'b0;
      sim_tohost_valid_o   <= 1'b0;
      sim_console_valid_o  <= 1'b0;
      if (go) card_status_q <= 4'd0;   // not ready while the new image loads
      if (ldr_state_q == LDR_COPY && ldr_state_d == LDR_IDLE) begin
        boot_count_q <= boot_count_q + 1;
        bank_o       <= 1'b1;                // the copy is complete: run the update
      end
      // The watchdog runs while the core does; a kick (any write to WDOG)
      // reloads it. Expiry or lockup: back to the golden image.
      if (!core_runs || (wr && addr_i == REG_WDOG)) wd_left_q <= WDOG_CLOCKS;
      else wd_left_q <= wd_left_q - 32'd1;
      if (rec_rst_q != 3'd0) rec_rst_q <= rec_rst_q - 3'd1;
      if (wd_fire || lk_fire) begin
        rec_rst_q     <= 3'd7;
        bank_o        <= 1'b0;
        card_status_q <= 4'd0;
        boot_count_q  <= boot_count_q + 1;    // contexts survive: the firmware rescans them
        if (wd_fire && !lk_fire && wd_resets_q != 16'hffff) wd_resets_q <= wd_resets_q + 16'd1;
        if (lk_fire && lockup_resets_q != 8'hff) lockup_resets_q <= lockup_resets_q + 8'd1;
      end

      if (wr) begin
        case (addr_i)
          REG_CARD_STATUS:  if (!go && !wd_fire && !lk_fire) card_status_q <= wdata_i[3:0];
          REG_FW_VERSION:   fw_version_q <= wdata_i;
          REG_SCRATCH:      scratch_q <= wdata_i;
          REG_LOADER_SRC:   ldr_src_q <= {wdata_i[31:2], 2'b00};
          REG_LOADER_WORDS: ldr_words_q <= (wdata_i > (1 << IMEM_AW)) ? 0 : wdata_i[IMEM_AW:0];
          REG_SIM_TOHOST:   begin sim_tohost_valid_o <= 1'b1; sim_tohost_o <= wdata_i; end
          REG_SIM_CONSOLE:  begin sim_console_valid_o <= 1'b1; sim_console_o <= wdata_i[7:0]; end
          REG_IRQ_COALESCE: begin irq_coalesce_q <= wdata_i; irq_coalesce_valid_o <= 1'b1; end
          default: ;
        endcase
      end

      if (req_i && !we_i) begin
        if (timer_sel_i) begin
          case (addr_i)
            REG_MTIME_LO: begin rdata_o <= mtime_q[31:0]; mtime_hi_latch_q <= mtime_q[63:32]; end
            REG_MTIME_HI: rdata_o <= mtime_hi_latch_q;
            default:      rdata_o <= 32'd0;
          endcase
        end else begin
          case (addr_i)
            REG_ID:           rdata_o <= SYS_ID;
            REG_RTL_VERSION:  rdata_o <= RTL_VERSION;
            REG_CARD_STATUS:  rdata_o <= {28'd0, card_status_q};
            REG_FW_VERSION:   rdata_o <= fw_version_q;
            REG_SCRATCH:      rdata_o <= scratch_q;
            REG_LOADER_SRC:   rdata_o <= ldr_src_q;
            REG_LOADER_WORDS: rdata_o <= {{(31-IMEM_AW){1'b0}}, ldr_words_q};
            REG_IRQ_COALESCE: rdata_o <= irq_coalesce_q;
            REG_BOOT_COUNT:   rdata_o <= boot_count_q;
            REG_WDOG:         rdata_o <= wd_left_q;
            REG_RECOVERY:     rdata_o <= recovery_o;
            default:          rdata_o <= 32'd0;
          endcase
        end
      end
    end
  end

endmodule

`default_nettype wire
