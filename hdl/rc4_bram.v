// RC4 with its S-box in one block RAM of one read port and one write port
// (a Xilinx RAMB18 in simple dual-port mode, an iCE40 SB_RAM40_4K): the
// small engine core of docs/rtl-engine.md's "BRAM engine" (issue: throughput
// per LUT). The register-file core (rc4_core.v) does a keystream byte per
// clock but its three 256:1 read multiplexers cost ~11.5k LUTs; this one
// costs one block RAM and a few hundred LUTs, at 3 clocks per byte and 2 per
// key-schedule step.
//
// Why 3 and 2: a PRGA byte reads S[i+1], S[j'] and S[t] (three dependent
// reads, one read port) and writes S[i+1] and S[j'] (two writes, one write
// port); the writes ride along with the reads. A KSA step reads S[j'] and
// the next S[i+1] and writes two entries.
//
// Reads are synchronous, so every value read in one clock is used in the
// next; a write in the same clock as a read of the same entry is not seen
// by that read, and forwarding registers (fwd_*) stand in for it. Every
// read and write is listed per state below with the hazard it can have.
//
// Keystream interface ("peek"): ks_o is the next keystream byte, valid while
// ready_o is high; pulling it (ks_next_i, only while ready_o) applies its
// swap and starts the next byte, which is ready 3 clocks later. While a
// byte waits in ks_o the RAM holds the state *before* it, so the tables
// and i/j read out at that point are the flow state after the bytes pulled
// (the same contract as rc4_core's peeked ks_o).
//
// Key schedule: ksa_start_i starts it (S = identity, i = j = 0, 256 steps);
// busy_o is high until the first keystream byte is ready, 2 x 256 + 3
// clocks after the start clock. The identity costs no clocks: each entry
// carries a generation bit, a key schedule flips the current generation, and
// an entry of another generation reads as its index. That holds because a
// finished key schedule has written all 256 entries; after one that did not
// finish (a reset or a new start in the middle) the next one first writes
// the identity into all entries (256 more clocks; also the first after reset).
//
// State access (context load/store), only while !busy_o: ld_we_i writes
// S[ld_addr_i] (one entry per clock; all 256 must be written before the
// keystream is used), rd_en_i reads S[rd_addr_i] into rd_data_o one clock
// later. Either leaves the core "unsettled": ij_we_i then sets i and j and
// fetches S[i+1] (busy for 3 clocks) before the next keystream byte; ij_we_i
// is also allowed while that is under way (not during a key schedule).
// RC4 as in RFC 6229 section 1 / Schneier; no bytes are discarded.
`default_nettype none

module rc4_bram (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         ksa_start_i,
  input  wire [127:0] key_i,        // octet n in bits [8n+7:8n]; held during the KSA
  input  wire [4:0]   key_len_i,    // 1..16 octets
  output wire         busy_o,
  output wire         ready_o,      // ks_o valid
  input  wire         ks_next_i,
  output wire [7:0]   ks_o,
  input  wire         ld_we_i,
  input  wire [7:0]   ld_addr_i,
  input  wire [7:0]   ld_data_i,
  input  wire         rd_en_i,
  input  wire [7:0]   rd_addr_i,
  output wire [7:0]   rd_data_o,
  input  wire         ij_we_i,
  input  wire [15:0]  ij_i,         // {j, i}
  output wire [15:0]  ij_o
);

  // ---------------------------------------------------------------- RAM
  // The one inferred memory: a write port and a registered read port.
  // Entry: {generation, S value}.
  // Xilinx: block RAM by default (LUT RAM with -DRC4_LUTRAM, which yosys
  // builds with the read register moved to the address: a slower clock).
`ifdef RC4_LUTRAM
  (* ram_style = "distributed" *)
`else
  (* ram_style = "block" *)
`endif
  reg  [8:0] mem [0:255];
  reg        m_we, m_re;
  reg  [7:0] m_wa, m_wd, m_ra;
  reg  [8:0] m_q;
  reg        gen_q, gen_d;             // the current generation
  always @(posedge clk_i) begin
    if (m_we)
      mem[m_wa] <= {gen_q, m_wd};
  end
  always @(posedge clk_i) begin
    if (m_re)
      m_q <= mem[m_ra];
  end

  // ---------------------------------------------------------------- state
  localparam [2:0]
    ST_IDLE = 3'd0,   // no settled tables (after reset or a load/store access)
    ST_K0   = 3'd1,   // KSA step, first clock: read S[j']
    ST_K1   = 3'd2,   // KSA step, second clock: write S[i], read S[i+1]
    ST_PI   = 3'd3,   // after an i/j write: read S[i+1]
    ST_PJ   = 3'd4,   // PRGA: read S[j'], j' = j + S[i+1]
    ST_PT   = 3'd5,   // PRGA: read S[t], t = S[i+1] + S[j']
    ST_PV   = 3'd6,   // PRGA: ks_o ready
    ST_FILL = 3'd7;   // before a key schedule: S = identity, all entries

  reg  [2:0]   st_q, st_d;
  reg  [7:0]   i_q, i_d, j_q, j_d;     // RC4 i, j (KSA: step counter, j)
  reg  [3:0]   k_q, k_d;               // KSA key octet index, i mod key_len
  reg  [7:0]   ra_q, ra_d;             // S[i+1] (KSA: S[i])
  reg  [7:0]   jk_q, jk_d;             // j (KSA: j + key[i mod len]), one adder less in ST_K0
  reg  [7:0]   jn_q, jn_d;             // j' of the current step
  reg  [7:0]   sj_q, sj_d;             // S[j'] (before the swap)
  reg  [7:0]   t_q, t_d;               // PRGA output index
  // the one pending write (the second write of the last swap)
  reg          pw_q, pw_d;
  reg  [7:0]   pa_q, pa_d, pd_q, pd_d;
  // forwarding: the value read last clock is fwv_q instead of the RAM's
  reg          fwd_q, fwd_d;
  reg  [7:0]   fwv_q, fwv_d;
  reg          dirty_q, dirty_d;       // a key schedule did not finish
  reg  [7:0]   ra_addr_q;              // the last read address

  // The value read last clock, through the generation and the forwarding.
  wire [7:0] rdv = fwd_q ? fwv_q : (m_q[8] == gen_q) ? m_q[7:0] : ra_addr_q;

  wire [7:0] i1 = i_q + 8'd1;
  wire [7:0] i2 = i_q + 8'd2;

  // The value of S[i+1] (KSA: S[i]) in ST_K0 / ST_PJ is rdv: the read of
  // the last clock, or through fwv_q what was known without a read.
  wire [7:0] ra_now = rdv;
  wire [3:0] k1 = ({1'b0, k_q} + 5'd1 == key_len_i) ? 4'd0 : k_q + 4'd1;
  wire [7:0] key_next = key_i[{k1, 3'b000} +: 8];

  // PRGA output: S after this byte's swap, at t
  assign ks_o = (t_q == i1) ? sj_q : (t_q == jn_q) ? ra_q : rdv;

  assign ready_o = (st_q == ST_PV);
  assign busy_o  = (st_q != ST_PV) && (st_q != ST_IDLE);
  assign ij_o    = {j_q, i_q};
  assign rd_data_o = rdv;

  always @(*) begin
    st_d = st_q; i_d = i_q; j_d = j_q; k_d = k_q; ra_d = ra_q; jn_d = jn_q;
    sj_d = sj_q; t_d = t_q; pw_d = pw_q; pa_d = pa_q; pd_d = pd_q;
    fwd_d = 1'b0; fwv_d = fwv_q; jk_d = jk_q;
    gen_d = gen_q; dirty_d = dirty_q;
    m_we = 1'b0; m_wa = 8'd0; m_wd = 8'd0;
    m_re = 1'b0; m_ra = 8'd0;
    if (ksa_start_i) begin
      st_d = dirty_q ? ST_FILL : ST_K0;
      i_d = 8'd0; j_d = 8'd0; k_d = 4'd0;
      fwd_d = 1'b1; fwv_d = 8'd0;            // S[0] of the identity
      jk_d = key_i[7:0];
      pw_d = 1'b0;
      gen_d = ~gen_q;                        // every entry now reads as its index
      dirty_d = 1'b1;
    end else begin
      case (st_q)
        ST_FILL: begin
          m_we = 1'b1; m_wa = i_q; m_wd = i_q;
          i_d = i1;
          fwd_d = 1'b1;                      // S[0] = 0 still
          if (&i_q)
            st_d = ST_K0;
        end
        // KSA step i, clock 1: j' = j + S[i] + key[i mod len]; read S[j'].
        // The pending write of the last step goes out now: same entry as
        // the read -> forward it.
        ST_K0, ST_PJ: begin
          ra_d = ra_now;
          jn_d = jk_q + ra_now;
          m_re = 1'b1;
          m_ra = jn_d;
          if (pw_q) begin
            m_we = 1'b1; m_wa = pa_q; m_wd = pd_q;
            pw_d = 1'b0;
            if (pa_q == jn_d) begin
              fwd_d = 1'b1; fwv_d = pd_q;
            end
          end
          st_d = (st_q == ST_K0) ? ST_K1 : ST_PT;
        end
        // KSA step i, clock 2: S[i] <- S[j'] now, S[j'] <- S[i] pending;
        // read the next step's S[i+1] (after step 255: the PRGA's S[1]),
        // which is S[i] when j' is that entry (the pending write).
        ST_K1: begin
          m_we = 1'b1; m_wa = i_q; m_wd = rdv;
          pw_d = 1'b1; pa_d = jn_q; pd_d = ra_q;
          m_re = 1'b1;
          m_ra = (&i_q) ? 8'd1 : i1;
          if (jn_q == m_ra) begin
            fwd_d = 1'b1; fwv_d = ra_q;
          end
          k_d = k1;
          jk_d = jn_q + key_next;
          if (&i_q) begin
            i_d = 8'd0; j_d = 8'd0;          // PRGA from i = j = 0
            jk_d = 8'd0;
            dirty_d = 1'b0;                  // all 256 entries written
            st_d = ST_PJ;
          end else begin
            i_d = i1; j_d = jn_q;
            st_d = ST_K0;
          end
        end
        // i/j loaded: read S[i+1]
        ST_PI: begin
          m_re = 1'b1; m_ra = i1;
          st_d = ST_PJ;
        end
        // t = S[i+1] + S[j']; read S[t] (no write pending: nothing to forward)
        ST_PT: begin
          sj_d = rdv;
          t_d  = ra_q + rdv;
          m_re = 1'b1; m_ra = t_d;
          st_d = ST_PV;
        end
        // ks_o ready. Pulled: S[i+1] <- S[j'] now, S[j'] <- S[i+1] pending;
        // read S[i+2] (S[i+1] when j' = i+2: the pending write).
        ST_PV: begin
          if (ks_next_i) begin
            m_we = 1'b1; m_wa = i1; m_wd = sj_q;
            pw_d = 1'b1; pa_d = jn_q; pd_d = ra_q;
            m_re = 1'b1; m_ra = i2;
            if (jn_q == i2) begin
              fwd_d = 1'b1; fwv_d = ra_q;
            end
            i_d = i1; j_d = jn_q; jk_d = jn_q;
            st_d = ST_PJ;
          end
          // else: no read, so the RAM output keeps S[t] (ST_PT forwards nothing)
        end
        default: ;
      endcase
      // state access (the caller keeps it to !busy_o)
      if (st_q == ST_IDLE || st_q == ST_PV) begin
        if (ld_we_i) begin
          m_we = 1'b1; m_wa = ld_addr_i; m_wd = ld_data_i;
          st_d = ST_IDLE;
        end
        if (rd_en_i) begin
          m_re = 1'b1; m_ra = rd_addr_i;
          fwd_d = 1'b0;
          st_d = ST_IDLE;
        end
      end
      // an i/j write also restarts a keystream byte in flight (the engine
      // writes i/j every clock while it decides); never during a key schedule
      if (ij_we_i && st_q != ST_K0 && st_q != ST_K1 && st_q != ST_FILL) begin
        i_d = ij_i[7:0]; j_d = ij_i[15:8]; jk_d = ij_i[15:8];
        st_d = ST_PI;
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q <= ST_IDLE;
      pw_q <= 1'b0;
      fwd_q <= 1'b0;
      dirty_q <= 1'b1;           // the RAM's generations are unknown
    end else begin
      st_q <= st_d;
      pw_q <= pw_d;
      fwd_q <= fwd_d;
      dirty_q <= dirty_d;
    end
  end

  // Data registers: no reset needed (st_q gates their use).
  always @(posedge clk_i) begin
    i_q <= i_d; j_q <= j_d; k_q <= k_d; ra_q <= ra_d; jn_q <= jn_d; jk_q <= jk_d;
    sj_q <= sj_d; t_q <= t_d; pa_q <= pa_d; pd_q <= pd_d; fwv_q <= fwv_d;
    gen_q <= gen_d;
    if (m_re)
      ra_addr_q <= m_ra;
  end

`ifdef MPPE_ASSERT
  // The callers' contract, checked by Verilator --assert in the tests.
  reg a_armed_q = 1'b0;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) a_armed_q <= 1'b1;
  always @(posedge clk_i)
    if (a_armed_q) begin
      assert (!(ks_next_i && !ksa_start_i && st_q != ST_PV));
      assert (!((ld_we_i || rd_en_i) && (busy_o || ksa_start_i)));
      assert (!(ij_we_i && (ksa_start_i || st_q == ST_K0 || st_q == ST_K1 || st_q == ST_FILL)));
      assert (!(ksa_start_i && (key_len_i == 5'd0 || key_len_i > 5'd16)));
    end
`endif

endmodule

`default_nettype wire
