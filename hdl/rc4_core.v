// RC4 with one S-box bank: key schedule (KSA) in 257 clocks, keystream
// (PRGA) at one byte per clock, and a 64-bit port to load and store the
// S-box and i/j (the per-flow state of a stateful MPPE flow lives in the
// context RAM between packets).
//
// The S-box is a register file, not block RAM: one PRGA byte needs three
// dependent reads (S[i], S[j], S[S[i]+S[j]]) and two writes in the same
// clock, which no two-port block RAM gives. A 256-bit "written" mask makes
// "S[n] = n for all n" a one-clock operation (unwritten entries read as
// their index), so KSA needs no separate 256-clock fill.
//
// PRGA interface: ks_o is the next keystream byte, valid whenever
// busy_o is low; pulling it (ks_next_i) advances the state at the clock edge.
// RC4 as in RFC 6229 section 1 / Schneier; no bytes are discarded.
`default_nettype none

module rc4_core #(
  // S-box index width: 8 is RC4. Smaller values build an RC4-shaped core
  // with a 2^W-entry S-box, used only to place and route the keystream path
  // on small FPGAs for timing (hdl/module.mk, synth); never for traffic.
  parameter integer W = 8
) (
  input  wire         clk_i,
  input  wire         rst_ni,
  // key schedule: S = identity, i = j = 0, then 256 KSA steps
  input  wire         ksa_start_i,
  input  wire [127:0] key_i,        // octet n in bits [8n+7:8n]
  input  wire [4:0]   key_len_i,    // 1..16 octets
  output wire         busy_o,
  // keystream
  input  wire         ks_next_i,
  output wire [7:0]   ks_o,
  // state access (context load/store); not while busy_o nor with ks_next_i
  input  wire         ld_we_i,      // write S[8*ld_addr_i .. +7]
  input  wire [4:0]   ld_addr_i,
  input  wire [63:0]  ld_data_i,    // S[8a+b] in bits [8b+7:8b]
  input  wire [4:0]   rd_addr_i,
  output wire [63:0]  rd_data_o,
  input  wire         ij_we_i,
  input  wire [15:0]  ij_i,         // {j, i}
  output wire [15:0]  ij_o
);

  localparam integer N = 1 << W;

  reg  [7:0]   s_q [0:N-1];
  reg  [N-1:0] written_q, written_d;
  reg  [W-1:0] i_q, i_d, j_q, j_d;
  reg          ksa_q, ksa_d;        // KSA running; i_q is the step counter
  reg  [7:0]   ra_q, ra_d;          // prefetched S[i] (KSA) or S[i+1] (PRGA)
  reg  [3:0]   kidx_q, kidx_d;      // key octet index, i mod key_len

  // Reads of the register file, with unwritten entries reading as their index.
  function automatic [7:0] rd_s;
    input [W-1:0] a;
    begin
      rd_s = 8'd0;
      rd_s[W-1:0] = a;
      if (written_q[a])
        rd_s = s_q[a];
    end
  endfunction

  // The swap of one KSA or PRGA step: S[a] <- va, S[b] <- vb.
  reg        sw_en;
  reg  [W-1:0] sw_a, sw_b;
  reg  [7:0]   sw_va, sw_vb;

  // Read ports (each a 256:1 multiplexer), shared by KSA and PRGA:
  //   A: S[i] (KSA step i) or S[i+1] (PRGA), prefetched one step ahead into
  //      ra_q, so only B and C are chained in a clock
  //   B: S[j'] with j' = j + A (+ key octet in KSA)
  //   C: S[A + B], the PRGA output (after the swap)
  //   D: the next step's A, S[na], corrected for this step's swap
  wire [W-1:0] pr_i    = i_q + 1'b1;
  wire [7:0]   ra      = ra_q;
  wire [7:0]   ksa_key = key_i[{kidx_q, 3'b000} +: 8];
  wire [W-1:0] ksa_j   = j_q + ra[W-1:0] + ksa_key[W-1:0];
  wire [W-1:0] pr_j    = j_q + ra[W-1:0];
  wire [7:0]   rb      = rd_s(ksa_q ? ksa_j : pr_j);
  wire [W-1:0] pr_t    = ra[W-1:0] + rb[W-1:0];
  assign ks_o = (pr_t == pr_i) ? rb :
                (pr_t == pr_j) ? ra : rd_s(pr_t);

  // Next A address: KSA step i+1 reads S[i+1]; after the last KSA step the
  // PRGA reads S[1]; the next PRGA step reads S[i+2].
  wire [W-1:0] ksa_na = (&i_q) ? {{(W-1){1'b0}}, 1'b1} : pr_i;
  wire [W-1:0] pr_na  = pr_i + 1'b1;
  wire [W-1:0] ij_na  = ij_i[W-1:0] + 1'b1;
  wire [W-1:0] rd_na  = ksa_q ? ksa_na : (ij_we_i ? ij_na : pr_na);
  wire [7:0]   rd_d   = rd_s(rd_na);

  assign busy_o = ksa_q;
  reg [15:0] ij;
  always @(*) begin
    ij = 16'd0;
    ij[W-1:0] = i_q;
    ij[8 +: W] = j_q;
  end
  assign ij_o = ij;
  // 8 consecutive entries of the load/store port (W < 8: the port wraps)
  wire [W-4:0] rd_w = rd_addr_i[W-4:0];
  wire [W-4:0] ld_w = ld_addr_i[W-4:0];
  assign rd_data_o = {rd_s({rd_w, 3'd7}), rd_s({rd_w, 3'd6}),
                      rd_s({rd_w, 3'd5}), rd_s({rd_w, 3'd4}),
                      rd_s({rd_w, 3'd3}), rd_s({rd_w, 3'd2}),
                      rd_s({rd_w, 3'd1}), rd_s({rd_w, 3'd0})};

  always @(*) begin
    ksa_d     = ksa_q;
    i_d       = i_q;
    j_d       = j_q;
    kidx_d    = kidx_q;
    written_d = written_q;
    ra_d      = ra_q;
    sw_en     = 1'b0;
    sw_a      = {W{1'b0}};
    sw_va     = 8'd0;
    sw_b      = {W{1'b0}};
    sw_vb     = 8'd0;
    if (ksa_start_i) begin
      ksa_d     = 1'b1;
      i_d       = {W{1'b0}};
      j_d       = {W{1'b0}};
      kidx_d    = 4'd0;
      written_d = {N{1'b0}};
      ra_d      = 8'd0;              // S[0] of the identity
    end else if (ksa_q) begin
      // S'[na]: this step's swap put S[i] at j' (na != i)
      ra_d   = (ksa_j == ksa_na) ? ra : rd_d;
      sw_en  = 1'b1;
      sw_a   = i_q;
      sw_va  = rb;
      sw_b   = ksa_j;
      sw_vb  = ra;
      written_d[i_q]   = 1'b1;
      written_d[ksa_j] = 1'b1;
      j_d    = ksa_j;
      i_d    = i_q + 1'b1;
      kidx_d = ({1'b0, kidx_q} + 5'd1 == key_len_i) ? 4'd0 : kidx_q + 4'd1;
      if (&i_q) begin
        ksa_d = 1'b0;
        j_d   = {W{1'b0}};     // PRGA starts from i = j = 0
      end
    end else if (ks_next_i) begin
      // S'[i+2]: this step's swap put S[i+1] at j' (i+2 != i+1)
      ra_d   = (pr_j == pr_na) ? ra : rd_d;
      sw_en  = 1'b1;
      sw_a   = pr_i;
      sw_va  = rb;
      sw_b   = pr_j;
      sw_vb  = ra;
      written_d[pr_i] = 1'b1;
      written_d[pr_j] = 1'b1;
      i_d    = pr_i;
      j_d    = pr_j;
    end else begin
      if (ld_we_i)
        written_d[{ld_w, 3'd0} +: 8] = 8'hff;
      if (ij_we_i) begin
        i_d  = ij_i[W-1:0];
        j_d  = ij_i[8 +: W];
        ra_d = rd_d;                 // S[i+1] of the loaded tables
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ksa_q     <= 1'b0;
      ra_q      <= 8'd0;
      i_q       <= {W{1'b0}};
      j_q       <= {W{1'b0}};
      kidx_q    <= 4'd0;
      written_q <= {N{1'b0}};
    end else begin
      ksa_q     <= ksa_d;
      ra_q      <= ra_d;
      i_q       <= i_d;
      j_q       <= j_d;
      kidx_q    <= kidx_d;
      written_q <= written_d;
    end
  end

  // The register file: one swap (two writes) or one 8-octet load per clock.
  // Written without a loop (Verilator rejects non-blocking writes to an
  // unpacked array inside a for loop, BLKLOOPINIT).
  wire ld_en = ld_we_i && !ksa_q && !ks_next_i && !ksa_start_i;
  always @(posedge clk_i) begin
    if (sw_en) begin
      s_q[sw_a] <= sw_va;
      s_q[sw_b] <= sw_vb;
    end else if (ld_en) begin
      s_q[{ld_w, 3'd0}] <= ld_data_i[7:0];
      s_q[{ld_w, 3'd1}] <= ld_data_i[15:8];
      s_q[{ld_w, 3'd2}] <= ld_data_i[23:16];
      s_q[{ld_w, 3'd3}] <= ld_data_i[31:24];
      s_q[{ld_w, 3'd4}] <= ld_data_i[39:32];
      s_q[{ld_w, 3'd5}] <= ld_data_i[47:40];
      s_q[{ld_w, 3'd6}] <= ld_data_i[55:48];
      s_q[{ld_w, 3'd7}] <= ld_data_i[63:56];
    end
  end

`ifdef MPPE_ASSERT
  // The callers' contract (docs/rtl-verification.md), checked by Verilator
  // --assert in the tests from the first reset on. The prefetched S[i+1]
  // (ra_q) and ks_o are right only while the tables are "settled": after a
  // key schedule or an i/j write, not after a table load that no i/j write
  // followed (the load does not refresh ra_q).
  wire a_idle = !ksa_start_i && !ksa_q && !ks_next_i;
  reg  a_armed_q = 1'b0;
  reg  a_settled_q;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      a_armed_q   <= 1'b1;
      a_settled_q <= 1'b0;
    end else if (ksa_start_i)        a_settled_q <= 1'b1;
    else if (a_idle && ld_we_i)      a_settled_q <= 1'b0;
    else if (a_idle && ij_we_i)      a_settled_q <= 1'b1;
`ifndef FORMAL_RC4
  always @(posedge clk_i)
    if (a_armed_q) begin
      // keystream only from settled tables
      assert (!(ks_next_i && !ksa_start_i && !ksa_q && !a_settled_q));
      // no state access during a key schedule, nor with a keystream pull
      // (the pull wins, and an i/j write beside it would leave the
      // prefetched S[i+1] read from the written i+1: found by the proof)
      assert (!((ld_we_i || ij_we_i) && (ksa_q || ksa_start_i || ks_next_i)));
      assert (!(ksa_start_i && (key_len_i == 5'd0 || key_len_i > 5'd16)));
    end
`else
  // Proof harness (hdl/formal/prove.sh rc4_core, docs/rtl-verification.md):
  // the same contract is what the environment may assume.
  always @(*)
    if (rst_ni) begin
      assume (!(ks_next_i && !ksa_start_i && !ksa_q && !a_settled_q));
      assume (!((ld_we_i || ij_we_i) && (ksa_q || ksa_start_i || ks_next_i)));
      assume (!(ksa_start_i && (key_len_i == 5'd0 || key_len_i > 5'd16)));
    end
`endif
`endif
`ifdef FORMAL_RC4
  // A textbook RC4 (RFC 6229 section 1 / Schneier) of 2^W entries in plain
  // registers beside the core, stepped by the same inputs: KSA
  //   j += S[i] + K[i mod L]; swap S[i], S[j]; i++   (N steps, then i = j = 0)
  // and PRGA
  //   i++; j += S[i]; swap S[i], S[j]; out S[S[i] + S[j]]
  // with no forwarding, no prefetch and no "written" mask. Every clock the
  // core's effective S-box (every entry as rd_s reads it), i, j and the
  // store port equal the model's; whenever the keystream may be pulled,
  // ks_o is the model's next output byte and the prefetched ra_q the
  // model's S[i+1]. A swap that touches the entry the next step reads
  // (j' == i+1, S[i]+S[j] == i or j) is exactly the forwarding case.
  reg f_started_q = 1'b0;                          // the proof starts in reset
  always @(posedge clk_i) f_started_q <= 1'b1;
  always @(*) if (!f_started_q) assume (!rst_ni);
  // Textbook RC4 has one key for the whole schedule: the caller holds key_i
  // and key_len_i from the first KSA step to the last (rc4_core reads them
  // only in those clocks), with 1..16 octets.
  reg         f_ksa_p_q;
  reg [127:0] f_key_p_q;
  reg [4:0]   f_len_p_q;
  always @(posedge clk_i) begin
    f_ksa_p_q <= rst_ni && ksa_q && !ksa_start_i;
    f_key_p_q <= key_i;
    f_len_p_q <= key_len_i;
  end
  always @(*)
    if (rst_ni && ksa_q) begin
      assume (key_len_i != 5'd0 && key_len_i <= 5'd16);
      if (f_ksa_p_q) assume (key_i == f_key_p_q && key_len_i == f_len_p_q);
    end

  reg [8*N-1:0] f_s_q, f_s_d;
  reg [W-1:0]   f_i_q, f_i_d, f_j_q, f_j_d;
  reg           f_ksa_q, f_ksa_d;
  reg [3:0]     f_k_q, f_k_d;                    // i mod L during KSA
  reg [W-1:0]   f_pi, f_pj, f_kj, f_t;
  reg [8*N-1:0] f_ps, f_ks_s;                    // S after a PRGA / KSA step
  reg [7:0]     f_ks, f_kv;
  integer       f_n;
  always @(*) begin
    // PRGA step from the model's state
    f_pi = f_i_q + 1'b1;
    f_pj = f_j_q + f_s_q[8*f_pi +: W];
    f_ps = f_s_q;
    f_ps[8*f_pi +: 8] = f_s_q[8*f_pj +: 8];
    f_ps[8*f_pj +: 8] = f_s_q[8*f_pi +: 8];
    f_t  = f_ps[8*f_pi +: W] + f_ps[8*f_pj +: W];
    f_ks = f_ps[8*f_t +: 8];
    // KSA step
    f_kv = key_i[{f_k_q, 3'b000} +: 8];
    f_kj = f_j_q + f_s_q[8*f_i_q +: W] + f_kv[W-1:0];
    f_ks_s = f_s_q;
    f_ks_s[8*f_i_q +: 8] = f_s_q[8*f_kj +: 8];
    f_ks_s[8*f_kj +: 8]  = f_s_q[8*f_i_q +: 8];

    f_s_d = f_s_q; f_i_d = f_i_q; f_j_d = f_j_q; f_ksa_d = f_ksa_q; f_k_d = f_k_q;
    if (ksa_start_i) begin
      for (f_n = 0; f_n < N; f_n = f_n + 1)
        f_s_d[8*f_n +: 8] = f_n[7:0];
      f_i_d = {W{1'b0}}; f_j_d = {W{1'b0}}; f_ksa_d = 1'b1; f_k_d = 4'd0;
    end else if (f_ksa_q) begin
      f_s_d = f_ks_s;
      f_i_d = f_i_q + 1'b1;
      f_j_d = f_kj;
      f_k_d = ({1'b0, f_k_q} + 5'd1 == key_len_i) ? 4'd0 : f_k_q + 4'd1;
      if (&f_i_q) begin
        f_ksa_d = 1'b0;
        f_j_d   = {W{1'b0}};
      end
    end else if (ks_next_i) begin
      f_s_d = f_ps; f_i_d = f_pi; f_j_d = f_pj;
    end else begin
      if (ld_we_i)
        for (f_n = 0; f_n < 8; f_n = f_n + 1)
          f_s_d[8*{ld_w, f_n[2:0]} +: 8] = ld_data_i[8*f_n +: 8];
      if (ij_we_i) begin
        f_i_d = ij_i[W-1:0];
        f_j_d = ij_i[8 +: W];
      end
    end
  end
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      for (f_n = 0; f_n < N; f_n = f_n + 1)
        f_s_q[8*f_n +: 8] <= f_n[7:0];
      f_i_q <= {W{1'b0}}; f_j_q <= {W{1'b0}}; f_ksa_q <= 1'b0; f_k_q <= 4'd0;
    end else begin
      f_s_q <= f_s_d; f_i_q <= f_i_d; f_j_q <= f_j_d; f_ksa_q <= f_ksa_d; f_k_q <= f_k_d;
    end

  genvar f_g;
  for (f_g = 0; f_g < N; f_g = f_g + 1) begin : g_f_s
    always @(*)
      if (rst_ni && f_started_q)
        assert (rd_s(f_g) == f_s_q[8*f_g +: 8]);  // the effective S-box
  end
  always @(*)
    if (rst_ni && f_started_q) begin
      assert (ksa_q == f_ksa_q && i_q == f_i_q && j_q == f_j_q);
      assert (ij_o == {{(8-W){1'b0}}, f_j_q, {(8-W){1'b0}}, f_i_q});
      assert (rd_data_o == {f_s_q[8*{rd_w, 3'd7} +: 8], f_s_q[8*{rd_w, 3'd6} +: 8],
                            f_s_q[8*{rd_w, 3'd5} +: 8], f_s_q[8*{rd_w, 3'd4} +: 8],
                            f_s_q[8*{rd_w, 3'd3} +: 8], f_s_q[8*{rd_w, 3'd2} +: 8],
                            f_s_q[8*{rd_w, 3'd1} +: 8], f_s_q[8*{rd_w, 3'd0} +: 8]});
      if (ksa_q) begin
        assert (kidx_q == f_k_q);
        assert ({1'b0, f_k_q} < key_len_i);
        assert (ra_q == f_s_q[8*f_i_q +: 8]);      // prefetched S[i]
      end else if (a_settled_q) begin
        assert (ra_q == f_s_q[8*f_pi +: 8]);       // prefetched S[i+1]
        assert (ks_o == f_ks);                     // the next keystream byte
      end
    end
`endif

endmodule

`default_nettype wire
