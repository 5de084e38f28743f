// Host interface: the BAR0 register file and the doorbell page.
//
// Owns the card-level control (enable, soft reset), the queue configuration
// and doorbell indices, the error registers and the global counters. The
// fetch and completion units own the indices the card advances (SQ head, CQ
// tail) and report them here. Register map: contract/card_if.txt.
`default_nettype none
`include "card_if.vh"

module hif_regs #(
  parameter integer NQ          = 9,
  parameter integer NUM_FLOWS   = 4096,
  parameter integer NUM_ENGINES = 4,
  parameter integer HAS_ENGINE  = 1,
  parameter integer HAS_MGMT    = 1,
  parameter integer DMA_READS   = 1
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  // BAR0 access: one at a time, acknowledged the next clock
  input  wire              reg_req_i,
  input  wire              reg_we_i,
  input  wire [12:0]       reg_addr_i,
  input  wire [31:0]       reg_wdata_i,
  output wire              reg_ack_o,
  output wire [31:0]       reg_rdata_o,
  // card control
  output wire              srst_o,         // soft reset of the rest of the card
  output wire              enable_o,
  // queue configuration
  output wire [NQ-1:0]     q_en_o,
  output wire [NQ-1:0]     q_init_o,       // pulse: queue enabled, indices restart at 0
  output wire [NQ*64-1:0]  sq_base_o,
  output wire [NQ*64-1:0]  cq_base_o,
  output wire [NQ*4-1:0]   sq_log2_o,
  output wire [NQ*4-1:0]   cq_log2_o,
  output wire [NQ*16-1:0]  sq_tail_o,
  output wire [NQ*16-1:0]  cq_head_o,
  output wire [NQ-1:0]     irq_en_o,
  output wire [NQ*8-1:0]   irq_count_o,
  output wire [NQ*16-1:0]  irq_time_o,
  output wire [NQ*16-1:0]  irq_tick_o,
  // indices the card advances
  input  wire [NQ*16-1:0]  sq_head_i,
  input  wire [NQ*16-1:0]  cq_tail_i,
  // errors from the fetch and completion units
  input  wire [NQ-1:0]     q_stop_i,
  input  wire [4:0]        err_set_i,
  input  wire [3:0]        err_q_i,
  input  wire [63:0]       err_addr_i,
  // card state
  input  wire              card_ready_i,
  input  wire              card_fatal_i,
  input  wire              selftest_failed_i,
  input  wire [31:0]       mgmt_boot_i,
  input  wire              idle_i,
  input  wire              irq_coalesce_valid_i,
  input  wire [31:0]       irq_coalesce_i,
  // counter events
  input  wire              cnt_op_i,
  input  wire              cnt_err_i,
  input  wire              cnt_irq_i,
  input  wire [15:0]       cnt_bytes_in_i,
  input  wire [15:0]       cnt_bytes_out_i,
  input  wire [3:0]        eng_busy_i
);

  localparam integer QBASE = `CARD_Q_BASE;
  localparam [6:0]   QREG_PAGE = QBASE[12:6];

  // ---------------------------------------------------------------- control
  reg        enable_q;
  reg [31:0] scratch_q;
  reg [4:0]  rst_cnt_q;   // soft reset runs while non-zero

  wire wr = reg_req_i && reg_we_i;

  // Next state inside the clocked block, under the write that sets it
  // (docs/rtl-style.md): Verilator evaluates it at the edge, not on every
  // eval() as logic fed by the card's inputs.
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rst_cnt_q <= 5'd0; enable_q <= 1'b0; scratch_q <= 32'd0;
    end else begin
      if (wr && reg_addr_i == `CARD_CTL_CONTROL && reg_wdata_i[`CARD_CTL_CONTROL_RESET]) rst_cnt_q <= 5'd31;
      else if (rst_cnt_q != 5'd0) rst_cnt_q <= rst_cnt_q - 5'd1;
      if (srst_o) begin
        enable_q  <= 1'b0;
        scratch_q <= 32'd0;
      end else if (wr) begin
        if (reg_addr_i == `CARD_CTL_CONTROL) enable_q <= reg_wdata_i[`CARD_CTL_CONTROL_ENABLE];
        if (reg_addr_i == `CARD_CTL_SCRATCH) scratch_q <= reg_wdata_i;
      end
    end
  end
  assign srst_o   = rst_cnt_q != 5'd0;
  assign enable_o = enable_q;

  wire ready   = (HAS_MGMT != 0) ? card_ready_i : 1'b1;
  wire fatal   = card_fatal_i || selftest_failed_i;
  wire [31:0] fatal_code = selftest_failed_i ? `CARD_FATAL_SELFTEST :
                           card_fatal_i      ? `CARD_FATAL_FIRMWARE : `CARD_FATAL_NONE;

  // ---------------------------------------------------------------- queues
  wire [NQ-1:0] q_err_q;
  wire [NQ-1:0] bad_ring;     // an enable was refused (last clock)
  wire [NQ-1:0] bad_db;       // a doorbell moved past the ring (last clock)
  wire [NQ-1:0] init_v;       // each queue's init_q

  // Doorbell checks. A clock carries at most one register write, so one
  // doorbell: the checks are made once, on the written queue's indices
  // (the doorbell page's queue field), rather than in every queue
  // (issue 15: nine copies of four 16-bit subtractions and three
  // comparisons were a tenth of the host interface). In the clock of a
  // queue's init_q the fetch and completion units clear their indices (at
  // this clock's edge), so sq_head_i and cq_tail_i still show the old
  // ring's: a doorbell in that clock is checked against the new ring's, 0.
  // Against the old CQ tail, a CQ_HEAD rung right after the enable could
  // take up to that many completions that were never written, and the
  // queue would stall with its head past the tail. The queue-pointer proof
  // found it (docs/rtl-verification.md).
  // Doorbells are free-running 16-bit indices that only move forward. The
  // SQ tail may run at most one ring ahead of what was fetched, and not
  // back over entries it already gave (the fetch unit may be reading
  // them); the CQ head may not pass the tail, nor go back over completions
  // already taken (their slots would count as used twice, and the card
  // would fetch more entries than it has CQ slots for). Found by
  // fuzz_vfu_server against hif_top's queue-pointer assertions.
  // (A doorbell of a queue number >= NQ matches no queue: its checks are
  // not used.)
  // The checks are functions of the written queue's indices, called in
  // each queue's clocked block under the doorbell write: yosys merges the
  // nine calls into one circuit (they read the same signals), and the
  // simulation evaluates them only in the clock of a doorbell, not twice
  // on every clock as logic fed by the card's inputs (docs/rtl-style.md).
  wire [15:0] new_idx = reg_wdata_i[15:0];

  function sq_db_bad;
    input [3:0]       qn;       // the doorbell page's queue field
    input [15:0]      idx;      // the new SQ tail
    input [NQ-1:0]    en, init;
    input [NQ*16-1:0] head, tail;
    input [NQ*4-1:0]  log2;
    reg   [15:0]      h, room, given;
    begin
      h     = init[qn] ? 16'd0 : head[qn*16 +: 16];
      room  = idx - h;
      given = tail[qn*16 +: 16] - h;
      sq_db_bad = en[qn] && (room > (16'd1 << log2[qn*4 +: 4]) || room < given);
    end
  endfunction

  function cq_db_bad;
    input [3:0]       qn;
    input [15:0]      idx;      // the new CQ head
    input [NQ-1:0]    en, init;
    input [NQ*16-1:0] head, tail;
    reg   [15:0]      t, take, avail;
    begin
      t     = init[qn] ? 16'd0 : tail[qn*16 +: 16];
      take  = idx - head[qn*16 +: 16];
      avail = t - head[qn*16 +: 16];
      cq_db_bad = en[qn] && take > avail;
    end
  endfunction

  // A ring is refused if its size is outside the limits, the CQ is smaller
  // than the SQ (one completion per entry must always fit), or a base is
  // not aligned to its entry size.
  function ring_ok;
    input [3:0] sq_log2, cq_log2;
    input [5:0] sq_base_lo;
    input [3:0] cq_base_lo;
    ring_ok = sq_log2 >= `CARD_MIN_QUEUE_LOG2 && sq_log2 <= `CARD_MAX_QUEUE_LOG2 &&
              cq_log2 >= sq_log2 && cq_log2 <= `CARD_MAX_QUEUE_LOG2 &&
              sq_base_lo == 6'd0 && cq_base_lo == 4'd0;
  endfunction

  genvar q;
  generate
    for (q = 0; q < NQ; q = q + 1) begin : g_q
      reg [63:0] sq_base_q, cq_base_q;
      reg [3:0]  sq_log2_q, cq_log2_q;
      reg [15:0] sq_tail_q, cq_head_q;
      reg        irq_en_q;
      reg [7:0]  irq_count_q;
      reg [15:0] irq_time_q, irq_tick_q;
      reg        en_q, init_q, err_q, bad_ring_q, bad_db_q;

      // The next state is written inside the clocked block, the register
      // write decode and the doorbell checks under the write request,
      // rather than as an always @* or wires in front of the registers: the
      // same registers and logic (yosys equiv_make/equiv_induct proves the
      // module equivalent), but Verilator then evaluates the decode only on
      // the clocks that write, not twice on every clock as logic fed by the
      // card's inputs (cardsim's speed, docs/rtl-style.md).
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          sq_base_q <= 64'd0; cq_base_q <= 64'd0;
          sq_log2_q <= 4'd0;  cq_log2_q <= 4'd0;
          sq_tail_q <= 16'd0; cq_head_q <= 16'd0;
          irq_en_q  <= 1'b0;  irq_count_q <= 8'd0; irq_time_q <= 16'd0; irq_tick_q <= 16'd1;
          en_q <= 1'b0;  init_q <= 1'b0; err_q <= 1'b0;
          bad_ring_q <= 1'b0; bad_db_q <= 1'b0;
        end else begin
          init_q     <= 1'b0;
          bad_ring_q <= 1'b0;
          bad_db_q   <= 1'b0;
          // this queue's register page
          if (wr && reg_addr_i[12:6] == QREG_PAGE + q[6:0]) begin
            case (reg_addr_i[5:0])
              `CARD_Q_SQ_BASE_LO: if (!en_q) sq_base_q[31:0]  <= reg_wdata_i;
              `CARD_Q_SQ_BASE_HI: if (!en_q) sq_base_q[63:32] <= reg_wdata_i;
              `CARD_Q_CQ_BASE_LO: if (!en_q) cq_base_q[31:0]  <= reg_wdata_i;
              `CARD_Q_CQ_BASE_HI: if (!en_q) cq_base_q[63:32] <= reg_wdata_i;
              `CARD_Q_IRQ: begin
                irq_en_q    <= reg_wdata_i[`CARD_Q_IRQ_ENABLE];
                irq_count_q <= reg_wdata_i[`CARD_Q_IRQ_COUNT +: 8];
                irq_time_q  <= reg_wdata_i[`CARD_Q_IRQ_TIME +: 16];
              end
              `CARD_Q_IRQ_TICK: irq_tick_q <= reg_wdata_i[15:0];
              `CARD_Q_CFG:
                if (!reg_wdata_i[`CARD_Q_CFG_ENABLE]) begin
                  en_q <= 1'b0;
                end else if (!en_q) begin
                  sq_log2_q <= reg_wdata_i[`CARD_Q_CFG_SQ_LOG2 +: 4];
                  cq_log2_q <= reg_wdata_i[`CARD_Q_CFG_CQ_LOG2 +: 4];
                  if (ring_ok(reg_wdata_i[`CARD_Q_CFG_SQ_LOG2 +: 4], reg_wdata_i[`CARD_Q_CFG_CQ_LOG2 +: 4],
                              sq_base_q[5:0], cq_base_q[3:0])) begin
                    en_q      <= 1'b1;
                    init_q    <= 1'b1;
                    err_q     <= 1'b0;
                    sq_tail_q <= 16'd0;
                    cq_head_q <= 16'd0;
                  end else begin
                    bad_ring_q <= 1'b1;
                  end
                end
              default: ;
            endcase
          end
          // SET_INTERRUPTS from the firmware applies to the data queues
          // (docs/admin-mailbox.md); TIME is in microseconds and the tick
          // stays whatever the driver programmed (1 us by default in cardsim).
          // (After the register write: it wins over an IRQ write.)
          if (irq_coalesce_valid_i && q != 0) begin
            irq_count_q <= irq_coalesce_i[15:8] != 8'd0 ? 8'hff : irq_coalesce_i[7:0];
            irq_time_q  <= irq_coalesce_i[31:16];
          end
          // this queue's doorbells (another page than its registers)
          if (wr && reg_addr_i[12:7] == 6'b100000 && reg_addr_i[6:3] == q[3:0]) begin
            if (!reg_addr_i[2] ? sq_db_bad(reg_addr_i[6:3], new_idx, q_en_o, init_v, sq_head_i, sq_tail_o, sq_log2_o)
                               : cq_db_bad(reg_addr_i[6:3], new_idx, q_en_o, init_v, cq_head_o, cq_tail_i)) begin
              bad_db_q <= 1'b1;
              en_q     <= 1'b0;
              err_q    <= 1'b1;
            end else if (en_q) begin
              if (!reg_addr_i[2]) sq_tail_q <= new_idx;
              else                cq_head_q <= new_idx;
            end
          end
          if (q_stop_i[q]) begin
            en_q  <= 1'b0;
            err_q <= 1'b1;
          end
          if (srst_o) begin
            sq_base_q <= 64'd0; cq_base_q <= 64'd0;
            sq_log2_q <= 4'd0;  cq_log2_q <= 4'd0;
            sq_tail_q <= 16'd0; cq_head_q <= 16'd0;
            irq_en_q  <= 1'b0;  irq_count_q <= 8'd0; irq_time_q <= 16'd0; irq_tick_q <= 16'd1;
            en_q <= 1'b0;  init_q <= 1'b0; err_q <= 1'b0;
            bad_ring_q <= 1'b0; bad_db_q <= 1'b0;
          end
        end
      end

      assign sq_base_o[q*64 +: 64]   = sq_base_q;
      assign cq_base_o[q*64 +: 64]   = cq_base_q;
      assign sq_log2_o[q*4 +: 4]     = sq_log2_q;
      assign cq_log2_o[q*4 +: 4]     = cq_log2_q;
      assign sq_tail_o[q*16 +: 16]   = sq_tail_q;
      assign cq_head_o[q*16 +: 16]   = cq_head_q;
      assign irq_en_o[q]             = irq_en_q;
      assign irq_count_o[q*8 +: 8]   = irq_count_q;
      assign irq_time_o[q*16 +: 16]  = irq_time_q;
      assign irq_tick_o[q*16 +: 16]  = irq_tick_q;
      assign q_en_o[q]   = en_q;
      assign q_init_o[q] = init_q;
      assign q_err_q[q]  = err_q;
      assign bad_ring[q] = bad_ring_q;
      assign bad_db[q]   = bad_db_q;
      assign init_v[q]   = init_q;
    end
  endgenerate

  // ---------------------------------------------------------------- errors
  reg [4:0]  err_status_q;
  reg [3:0]  err_queue_q;
  reg [63:0] err_addr_q;
  reg [31:0] err_count_q;

  reg [4:0]  err_new;
  reg [3:0]  err_new_qn;   // the queue of the lowest-numbered new error
  integer    i;
  always @* begin
    err_new    = err_set_i;
    err_new_qn = err_q_i;
    for (i = NQ - 1; i >= 0; i = i - 1) begin
      if (bad_ring[i]) begin
        err_new[`CARD_ERR_ERR_STATUS_BAD_RING] = 1'b1;
        err_new_qn = i[3:0];
      end
      if (bad_db[i]) begin
        err_new[`CARD_ERR_ERR_STATUS_DOORBELL] = 1'b1;
        err_new_qn = i[3:0];
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      err_status_q <= 5'd0; err_queue_q <= 4'd0; err_addr_q <= 64'd0; err_count_q <= 32'd0;
    end else if (srst_o) begin
      err_status_q <= 5'd0; err_queue_q <= 4'd0; err_addr_q <= 64'd0; err_count_q <= 32'd0;
    end else begin
      if (wr && reg_addr_i == `CARD_ERR_ERR_STATUS) err_status_q <= err_status_q & ~reg_wdata_i[4:0] | err_new;
      else err_status_q <= err_status_q | err_new;
      if (err_new != 5'd0) begin
        if (err_status_q == 5'd0) begin
          err_queue_q <= err_new_qn;
          err_addr_q  <= err_addr_i;
        end
        if (err_count_q != 32'hffff_ffff) err_count_q <= err_count_q + 32'd1;
      end
    end
  end

  // ---------------------------------------------------------------- counters
  reg [63:0] cyc_q, ops_q, errs_q, bin_q, bout_q, busy_q, irqs_q;
  reg [31:0] hi_latch_q;   // the high half of the 64-bit counter read last
  // The byte counts are added a clock after the units report them: they
  // come from the streams' last-beat logic, and that with a 64-bit carry
  // chain in one clock was a long path (docs/synth-blocks.md).
  reg [15:0] cbin_q, cbout_q;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cyc_q <= 64'd0; ops_q <= 64'd0; errs_q <= 64'd0; bin_q <= 64'd0; bout_q <= 64'd0;
      busy_q <= 64'd0; irqs_q <= 64'd0; cbin_q <= 16'd0; cbout_q <= 16'd0;
    end else if (srst_o) begin
      cyc_q <= 64'd0; ops_q <= 64'd0; errs_q <= 64'd0; bin_q <= 64'd0; bout_q <= 64'd0;
      busy_q <= 64'd0; irqs_q <= 64'd0; cbin_q <= 16'd0; cbout_q <= 16'd0;
    end else begin
      cyc_q  <= cyc_q + 64'd1;
      ops_q  <= ops_q + {63'd0, cnt_op_i};
      errs_q <= errs_q + {63'd0, cnt_err_i};
      irqs_q <= irqs_q + {63'd0, cnt_irq_i};
      bin_q  <= bin_q + {48'd0, cbin_q};
      bout_q <= bout_q + {48'd0, cbout_q};
      busy_q <= busy_q + {60'd0, eng_busy_i};
      cbin_q <= cnt_bytes_in_i; cbout_q <= cnt_bytes_out_i;
    end
  end

  // ---------------------------------------------------------------- reads
  // The read multiplexer is written inside the clocked block, under the
  // read request, rather than as combinational logic in front of rdata_q:
  // the same registers and the same logic, but Verilator then evaluates it
  // only on the clocks that read, not on every clock (cardsim's speed,
  // docs/cardsim.md).
  reg        ack_q;
  reg [31:0] rdata_q;
  integer    k;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ack_q      <= 1'b0;
      rdata_q    <= 32'd0;
      hi_latch_q <= 32'd0;
    end else begin
      ack_q   <= reg_req_i;
      rdata_q <= 32'd0;
      if (reg_req_i && !reg_we_i) begin
        case (reg_addr_i)
          `CARD_HDR_TYPE:        rdata_q <= `CARD_HDR_TYPE_RESET_VALUE;
          `CARD_HDR_VERSION:     rdata_q <= `CARD_HDR_VERSION_RESET_VALUE;
          `CARD_HDR_NEXT:        rdata_q <= `CARD_HDR_NEXT_RESET_VALUE;
          `CARD_HDR_BUILD:       rdata_q <= `CARD_HDR_BUILD_RESET_VALUE;
          `CARD_CAP_TYPE:        rdata_q <= `CARD_CAP_TYPE_RESET_VALUE;
          `CARD_CAP_VERSION:     rdata_q <= `CARD_CAP_VERSION_RESET_VALUE;
          `CARD_CAP_NEXT:        rdata_q <= `CARD_CAP_NEXT_RESET_VALUE;
          `CARD_CAP_NUM_FLOWS:   rdata_q <= NUM_FLOWS;
          `CARD_CAP_NUM_QUEUES:  rdata_q <= NQ;
          `CARD_CAP_NUM_ENGINES: rdata_q <= (HAS_ENGINE != 0) ? NUM_ENGINES : 0;
          `CARD_CAP_QUEUE_LIMITS: rdata_q <= {16'd0, 8'd`CARD_MIN_QUEUE_LOG2, 8'd`CARD_MAX_QUEUE_LOG2};
          `CARD_CAP_FEATURES:    rdata_q <= {28'd0, 1'b1, 1'b1, (HAS_MGMT != 0), (HAS_ENGINE != 0)};
          `CARD_CAP_MAX_PAYLOAD: rdata_q <= `CARD_MAX_PAYLOAD;
          `CARD_CAP_CLOCK_KHZ:   rdata_q <= 32'd0;
          `CARD_CAP_DMA_READS:   rdata_q <= DMA_READS;
          `CARD_CTL_TYPE:        rdata_q <= `CARD_CTL_TYPE_RESET_VALUE;
          `CARD_CTL_VERSION:     rdata_q <= `CARD_CTL_VERSION_RESET_VALUE;
          `CARD_CTL_NEXT:        rdata_q <= `CARD_CTL_NEXT_RESET_VALUE;
          `CARD_CTL_CONTROL:     rdata_q <= {31'd0, enable_q};
          `CARD_CTL_STATUS:      rdata_q <= {27'd0, enable_q, idle_i, srst_o, fatal, ready && !srst_o};
          `CARD_CTL_FATAL_CODE:  rdata_q <= fatal_code;
          `CARD_CTL_SCRATCH:     rdata_q <= scratch_q;
          `CARD_CTL_MGMT_BOOT:   rdata_q <= mgmt_boot_i;
          `CARD_ERR_TYPE:        rdata_q <= `CARD_ERR_TYPE_RESET_VALUE;
          `CARD_ERR_VERSION:     rdata_q <= `CARD_ERR_VERSION_RESET_VALUE;
          `CARD_ERR_NEXT:        rdata_q <= `CARD_ERR_NEXT_RESET_VALUE;
          `CARD_ERR_ERR_STATUS:  rdata_q <= {27'd0, err_status_q};
          `CARD_ERR_ERR_QUEUE:   rdata_q <= {28'd0, err_queue_q};
          `CARD_ERR_ERR_ADDR_LO: rdata_q <= err_addr_q[31:0];
          `CARD_ERR_ERR_ADDR_HI: rdata_q <= err_addr_q[63:32];
          `CARD_ERR_ERR_COUNT:   rdata_q <= err_count_q;
          `CARD_CNT_TYPE:        rdata_q <= `CARD_CNT_TYPE_RESET_VALUE;
          `CARD_CNT_VERSION:     rdata_q <= `CARD_CNT_VERSION_RESET_VALUE;
          `CARD_CNT_NEXT:        rdata_q <= `CARD_CNT_NEXT_RESET_VALUE;
          `CARD_CNT_CYCLES_LO:   begin rdata_q <= cyc_q[31:0];  hi_latch_q <= cyc_q[63:32];  end
          `CARD_CNT_OPS_LO:      begin rdata_q <= ops_q[31:0];  hi_latch_q <= ops_q[63:32];  end
          `CARD_CNT_ERRORS_LO:   begin rdata_q <= errs_q[31:0]; hi_latch_q <= errs_q[63:32]; end
          `CARD_CNT_BYTES_IN_LO: begin rdata_q <= bin_q[31:0];  hi_latch_q <= bin_q[63:32];  end
          `CARD_CNT_BYTES_OUT_LO: begin rdata_q <= bout_q[31:0]; hi_latch_q <= bout_q[63:32]; end
          `CARD_CNT_ENGINE_BUSY_LO: begin rdata_q <= busy_q[31:0]; hi_latch_q <= busy_q[63:32]; end
          `CARD_CNT_IRQS_LO:     begin rdata_q <= irqs_q[31:0]; hi_latch_q <= irqs_q[63:32]; end
          `CARD_CNT_CYCLES_HI, `CARD_CNT_OPS_HI, `CARD_CNT_ERRORS_HI, `CARD_CNT_BYTES_IN_HI,
          `CARD_CNT_BYTES_OUT_HI, `CARD_CNT_ENGINE_BUSY_HI, `CARD_CNT_IRQS_HI: rdata_q <= hi_latch_q;
          default: begin
            for (k = 0; k < NQ; k = k + 1) begin
              if (reg_addr_i[12:6] == QREG_PAGE + k[6:0]) begin
                case (reg_addr_i[5:0])
                  `CARD_Q_SQ_BASE_LO: rdata_q <= sq_base_o[k*64 +: 32];
                  `CARD_Q_SQ_BASE_HI: rdata_q <= sq_base_o[k*64 + 32 +: 32];
                  `CARD_Q_CQ_BASE_LO: rdata_q <= cq_base_o[k*64 +: 32];
                  `CARD_Q_CQ_BASE_HI: rdata_q <= cq_base_o[k*64 + 32 +: 32];
                  `CARD_Q_CFG:        rdata_q <= {q_en_o[k], 23'd0, cq_log2_o[k*4 +: 4], sq_log2_o[k*4 +: 4]};
                  `CARD_Q_IRQ:        rdata_q <= {irq_time_o[k*16 +: 16], irq_count_o[k*8 +: 8], 7'd0, irq_en_o[k]};
                  `CARD_Q_STATUS:     rdata_q <= {14'd0, q_err_q[k], q_en_o[k], sq_head_i[k*16 +: 16]};
                  `CARD_Q_CQ_TAIL:    rdata_q <= {16'd0, cq_tail_i[k*16 +: 16]};
                  `CARD_Q_IRQ_TICK:   rdata_q <= {16'd0, irq_tick_o[k*16 +: 16]};
                  default: ;
                endcase
              end
            end
          end
        endcase
      end
    end
  end
  assign reg_ack_o   = ack_q;
  assign reg_rdata_o = rdata_q;

endmodule
