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

module rc4_core (
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
  // state access (context load/store); not while busy_o
  input  wire         ld_we_i,      // write S[8*ld_addr_i .. +7]
  input  wire [4:0]   ld_addr_i,
  input  wire [63:0]  ld_data_i,    // S[8a+b] in bits [8b+7:8b]
  input  wire [4:0]   rd_addr_i,
  output wire [63:0]  rd_data_o,
  input  wire         ij_we_i,
  input  wire [15:0]  ij_i,         // {j, i}
  output wire [15:0]  ij_o
);

  reg  [7:0]   s_q [0:255];
  reg  [255:0] written_q, written_d;
  reg  [7:0]   i_q, i_d, j_q, j_d;
  reg          ksa_q, ksa_d;        // KSA running; i_q is the step counter
  reg  [3:0]   kidx_q, kidx_d;      // key octet index, i mod key_len

  // Reads of the register file, with unwritten entries reading as their index.
  function automatic [7:0] rd_s;
    input [7:0] a;
    begin
      rd_s = written_q[a] ? s_q[a] : a;
    end
  endfunction

  // The swap of one KSA or PRGA step: S[a] <- va, S[b] <- vb.
  reg        sw_en;
  reg  [7:0] sw_a, sw_va, sw_b, sw_vb;

  // Three read ports shared by KSA and PRGA (each a 256:1 multiplexer):
  //   A: S[i] (KSA step i) or S[i+1] (PRGA)
  //   B: S[j'] with j' = j + A (+ key octet in KSA)
  //   C: S[A + B], the PRGA output (after the swap)
  wire [7:0] pr_i    = i_q + 8'd1;
  wire [7:0] ra_addr = ksa_q ? i_q : pr_i;
  wire [7:0] ra      = rd_s(ra_addr);
  wire [7:0] ksa_key = key_i[{kidx_q, 3'b000} +: 8];
  wire [7:0] ksa_j   = j_q + ra + ksa_key;
  wire [7:0] pr_j    = j_q + ra;
  wire [7:0] rb      = rd_s(ksa_q ? ksa_j : pr_j);
  wire [7:0] pr_t    = ra + rb;
  assign ks_o = (pr_t == pr_i) ? rb :
                (pr_t == pr_j) ? ra : rd_s(pr_t);

  assign busy_o = ksa_q;
  assign ij_o   = {j_q, i_q};
  assign rd_data_o = {rd_s({rd_addr_i, 3'd7}), rd_s({rd_addr_i, 3'd6}),
                      rd_s({rd_addr_i, 3'd5}), rd_s({rd_addr_i, 3'd4}),
                      rd_s({rd_addr_i, 3'd3}), rd_s({rd_addr_i, 3'd2}),
                      rd_s({rd_addr_i, 3'd1}), rd_s({rd_addr_i, 3'd0})};

  always @(*) begin
    ksa_d     = ksa_q;
    i_d       = i_q;
    j_d       = j_q;
    kidx_d    = kidx_q;
    written_d = written_q;
    sw_en     = 1'b0;
    sw_a      = 8'd0;
    sw_va     = 8'd0;
    sw_b      = 8'd0;
    sw_vb     = 8'd0;
    if (ksa_start_i) begin
      ksa_d     = 1'b1;
      i_d       = 8'd0;
      j_d       = 8'd0;
      kidx_d    = 4'd0;
      written_d = 256'd0;
    end else if (ksa_q) begin
      sw_en  = 1'b1;
      sw_a   = i_q;
      sw_va  = rb;
      sw_b   = ksa_j;
      sw_vb  = ra;
      written_d[i_q]   = 1'b1;
      written_d[ksa_j] = 1'b1;
      j_d    = ksa_j;
      i_d    = i_q + 8'd1;
      kidx_d = ({1'b0, kidx_q} + 5'd1 == key_len_i) ? 4'd0 : kidx_q + 4'd1;
      if (i_q == 8'd255) begin
        ksa_d = 1'b0;
        j_d   = 8'd0;          // PRGA starts from i = j = 0
      end
    end else if (ks_next_i) begin
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
        written_d[{ld_addr_i, 3'd0} +: 8] = 8'hff;
      if (ij_we_i) begin
        i_d = ij_i[7:0];
        j_d = ij_i[15:8];
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ksa_q     <= 1'b0;
      i_q       <= 8'd0;
      j_q       <= 8'd0;
      kidx_q    <= 4'd0;
      written_q <= 256'd0;
    end else begin
      ksa_q     <= ksa_d;
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
      s_q[{ld_addr_i, 3'd0}] <= ld_data_i[7:0];
      s_q[{ld_addr_i, 3'd1}] <= ld_data_i[15:8];
      s_q[{ld_addr_i, 3'd2}] <= ld_data_i[23:16];
      s_q[{ld_addr_i, 3'd3}] <= ld_data_i[31:24];
      s_q[{ld_addr_i, 3'd4}] <= ld_data_i[39:32];
      s_q[{ld_addr_i, 3'd5}] <= ld_data_i[47:40];
      s_q[{ld_addr_i, 3'd6}] <= ld_data_i[55:48];
      s_q[{ld_addr_i, 3'd7}] <= ld_data_i[63:56];
    end
  end

endmodule

`default_nettype wire
