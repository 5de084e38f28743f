// Host interface: one MSI-X-style vector per completion queue, with count
// and time coalescing.
//
// Queue n sends vector n (a one-clock pulse on irq_o[n], which the PCIe side
// turns into a message) when IRQ.ENABLE is set and either IRQ.COUNT
// completions are pending since its last vector, or the oldest pending one
// has waited IRQ.TIME ticks of IRQ_TICK clocks. Sending clears the count.
`default_nettype none

module hif_irq #(
  parameter integer NQ = 9
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire             srst_i,
  input  wire [NQ-1:0]    q_en_i,
  input  wire [NQ-1:0]    irq_en_i,
  input  wire [NQ*8-1:0]  irq_count_i,
  input  wire [NQ*16-1:0] irq_time_i,
  input  wire [NQ*16-1:0] irq_tick_i,
  input  wire             cpl_i,
  input  wire [3:0]       cpl_q_i,
  output wire [NQ-1:0]    irq_o,
  output wire             cnt_irq_o,
  output wire             timing_o        // a coalescing timer is running
);
  wire [NQ-1:0] timing;

  genvar q;
  generate
    for (q = 0; q < NQ; q = q + 1) begin : g_q
      reg [7:0]  pend_q;      // completions since the last vector (saturates)
      reg [15:0] ticks_q;     // ticks the oldest pending completion waited
      reg [15:0] presc_q;     // clocks into the current tick
      reg        fire_q;

      wire [7:0]  count  = irq_count_i[q*8 +: 8];
      wire [15:0] limit  = irq_time_i[q*16 +: 16];
      wire [15:0] tick   = irq_tick_i[q*16 +: 16];
      wire        active = q_en_i[q] && irq_en_i[q];
      wire        hit    = cpl_i && cpl_q_i == q[3:0];
      wire [7:0]  pend_n = (hit && pend_q != 8'hff) ? pend_q + 8'd1 : pend_q;
      wire        by_count = pend_n != 8'd0 && pend_n >= (count == 8'd0 ? 8'd1 : count);
      wire        by_time  = pend_q != 8'd0 && limit != 16'd0 && ticks_q >= limit;
      wire        tick_end = presc_q + 16'd1 >= (tick == 16'd0 ? 16'd1 : tick);

      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          pend_q <= 8'd0; ticks_q <= 16'd0; presc_q <= 16'd0; fire_q <= 1'b0;
        end else if (srst_i || !active) begin
          pend_q <= 8'd0; ticks_q <= 16'd0; presc_q <= 16'd0; fire_q <= 1'b0;
        end else if (by_count || by_time) begin
          pend_q <= 8'd0; ticks_q <= 16'd0; presc_q <= 16'd0; fire_q <= 1'b1;
        end else begin
          fire_q <= 1'b0;
          pend_q <= pend_n;
          if (pend_q != 8'd0) begin
            presc_q <= tick_end ? 16'd0 : presc_q + 16'd1;
            if (tick_end && ticks_q != 16'hffff) ticks_q <= ticks_q + 16'd1;
          end
        end
      end
      assign irq_o[q]  = fire_q;
      assign timing[q] = pend_q != 8'd0 && limit != 16'd0;
    end
  endgenerate

  assign cnt_irq_o = |irq_o;
  assign timing_o  = |timing;

endmodule
