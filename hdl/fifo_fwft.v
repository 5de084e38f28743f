// First-word-fall-through FIFO: rd_data_o is the head whenever rd_valid_o;
// rd_en_i pops it. The storage is a simple dual-port RAM with a registered
// read (yosys infers block RAM for large AW); the output register makes the
// head visible without a read clock, and a pop every clock is sustained.
`default_nettype none

module fifo_fwft #(
  parameter integer DW = 64,
  parameter integer AW = 9            // 2^AW entries (+1 in the output register)
) (
  input  wire          clk_i,
  input  wire          rst_ni,
  input  wire          wr_en_i,       // only when !full_o
  input  wire [DW-1:0] wr_data_i,
  output wire          full_o,
  input  wire          rd_en_i,       // pops the head if rd_valid_o (else ignored)
  output wire [DW-1:0] rd_data_o,
  output wire          rd_valid_o
);

  reg [DW-1:0] mem [0:(1<<AW)-1];
  reg [AW:0]   wptr_q, rptr_q;
  reg [DW-1:0] dout_q;
  reg          dout_valid_q;

  wire [AW:0] used = wptr_q - rptr_q;
  wire        load = (used != 0) && (!dout_valid_q || rd_en_i);

  assign full_o     = used[AW];
  assign rd_data_o  = dout_q;
  assign rd_valid_o = dout_valid_q;

  always @(posedge clk_i) begin
    if (wr_en_i)
      mem[wptr_q[AW-1:0]] <= wr_data_i;
    if (load)
      dout_q <= mem[rptr_q[AW-1:0]];
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q       <= 0;
      rptr_q       <= 0;
      dout_valid_q <= 1'b0;
    end else begin
      if (wr_en_i)
        wptr_q <= wptr_q + 1'b1;
      if (load)
        rptr_q <= rptr_q + 1'b1;
      dout_valid_q <= load || (dout_valid_q && !rd_en_i);
    end
  end

`ifdef MPPE_ASSERT
  // Invariants and the callers' contract (docs/rtl-verification.md);
  // checked in simulation with Verilator --assert (from the first reset
  // on), proven in `make formal`. Callers may hold rd_en_i high on an empty
  // FIFO (the engines' ready signals do): that is no pop, and allowed.
  reg a_armed_q = 1'b0;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) a_armed_q <= 1'b1;
  always @(posedge clk_i)
    if (a_armed_q) begin
      assert (used <= (1 << AW));                  // the RAM never over-fills
`ifdef FORMAL_FIFO
    end
  // Proof harness: the environment keeps the contract.
  always @(*)
    if (rst_ni)
      assume (!(wr_en_i && full_o));
`else
      assert (!(wr_en_i && full_o));               // no write into a full FIFO
    end
`endif
`endif
`ifdef FORMAL_FIFO
  // Data: any one write (the solver picks it, f_pick) comes out unchanged
  // after exactly the entries that were in before it. f_ahead_q counts
  // those; the assertions say where the marked word is at every clock
  // (output register or RAM slot), which is what lets induction close.
  reg f_started_q = 1'b0;                          // the proof starts in reset
  always @(posedge clk_i) f_started_q <= 1'b1;
  always @(*) if (!f_started_q) assume (!rst_ni);
  always @(*) if (f_started_q) assert (a_armed_q);
  (* anyseq *) wire f_pick;
  reg          f_marked_q;
  reg [DW-1:0] f_data_q;
  reg [AW+1:0] f_ahead_q;
  wire [AW+1:0] f_in = {1'b0, used} + {{(AW+1){1'b0}}, dout_valid_q};   // entries held
  wire          f_pop = rd_en_i && dout_valid_q;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      f_marked_q <= 1'b0;
      f_ahead_q  <= 0;
      f_data_q   <= 0;
    end else if (!f_marked_q) begin
      if (wr_en_i && f_pick) begin
        f_marked_q <= 1'b1;
        f_data_q   <= wr_data_i;
        f_ahead_q  <= f_in - {{(AW+1){1'b0}}, f_pop};
      end
    end else if (f_pop) begin
      if (f_ahead_q == 0)
        f_marked_q <= 1'b0;                        // the marked word left
      else
        f_ahead_q <= f_ahead_q - 1'b1;
    end
  wire [AW+1:0] f_off = f_ahead_q - {{(AW+1){1'b0}}, dout_valid_q};      // its RAM offset
  wire [AW-1:0] f_slot = rptr_q[AW-1:0] + f_off[AW-1:0];
  always @(*)
    if (rst_ni && f_marked_q) begin
      assert (f_ahead_q < f_in);
      if (dout_valid_q && f_ahead_q == 0)
        assert (dout_q == f_data_q);               // the head is the marked word
      else begin
        assert (f_off < {1'b0, used});
        assert (mem[f_slot] == f_data_q);
      end
    end
`endif

endmodule

`default_nettype wire
