// RC4 keystream core on BOTH ports of one true dual-port block RAM (a
// Xilinx 7-series RAMB18 in TDP mode, 128 words of 18 bits): the engine
// farm's lanes and key channels (rc4_ks.v, issue 15). 2 clocks per keystream
// octet and 1.5 per key-schedule step, where rc4_bram (one read and one
// write port) needs 3 and 2.
//
// Why these numbers: a port does one read or one write a clock, so a TDP RAM
// moves two entries a clock, no more than rc4_bram's read + write port. A
// PRGA octet costs 3 accesses that depend on data (read S[j], read S[t],
// write S[j]) and 2 that only walk i (read S[i], write S[i]); a key-schedule
// step costs read S[j], write S[j], read and write S[i]. Two S entries per
// 18-bit word (S[2m] in bits 8:0, S[2m+1] in bits 17:9, written with byte
// enables) make the i walk one read and one write per TWO steps:
//   PRGA, 2 octets in 4 clocks (8 accesses, both ports every clock):
//     P0  read S[ja], S[jb]        ja, jb from the i word (registers) alone
//     P1  read S[ta], S[tb]        ta, tb from the values read
//     P2  write S[ja], S[jb]       the two octets into the output buffer
//     P3  write the i word back, read the next i word
//   key schedule, 2 steps in 3 clocks (6 accesses):
//     K0  read S[ja], S[jb]
//     K1  write S[ja], S[jb]
//     K2  write the i word back, read the next i word
// (a = step i = 2m, b = step 2m+1; the PRGA starts at i = 1, so its first
// pair has only b). So the 256 key-schedule steps take 384 clocks, and the
// first octet is ready 388 clocks after the start clock (rc4_bram: 515)
// when the identity is already in the RAM (fill_i below), 453 when not.
//
// Hazards: every pair reads the RAM only after the last pair's writes are
// in it (they are a clock or more earlier), and a pair never reads a word in
// the clock it writes one (P3/K2 read word m+1 and write word m). So the
// only read-after-write cases are inside a pair, resolved by comparing
// indices, as a register-file RC4 would (each marked "hazard" below):
//   si_b  = S[i_b] after step a: si_a when ja == i_b
//   sj_b  = S[jb] after step a: sj_a when jb == i_a, si_a when jb == ja
//   ks_a  = S[ta] after step a; ks_b = S[tb] after steps a and b
//   the i word after both swaps (ja or jb inside it write the register, not
//   the RAM)
//   the two S[j] writes: when ja == jb only b's is written (it is the later
//   value); in one word but different halves, one write with both enables
//   (two ports writing one address in one clock is undefined on a RAMB18).
// sim/rc4/tb_rc4_ks.c counts each case against a software model and fails
// if one never occurred; tests/rtl/rc4_dp_mutants.sh drops each in turn.
//
// The identity (S[k] = k, where a key schedule starts) is written into all
// words by a fill: 64 clocks, both ports. fill_i asks for it as soon as the
// caller needs no more keystream (a lane reading its packet out, a key
// channel done), so it is done before the next key schedule; a key schedule
// started without it first fills (65 clocks more). Not rc4_bram's
// generation bits: checking them on every read cost ~120 of this core's
// ~555 LUTs (yosys xc7), the fill nothing in time where it hides.
//
// Interface: rc4_ks's (ready/next "peek"). Octets go into a 2-octet output
// buffer (ks_o is a register); a pair starts only when the buffer will have
// room, so a consumer pulling every clock it may gets one octet every 2
// clocks and a stalling one loses nothing. busy_o: from the start clock
// until the first octet is ready.
//
// The iCE40 SB_RAM40_4K has one read and one write port: this core is not
// for it (rc4_ks.v's DUAL=0 keeps rc4_bram).
// RC4 as in RFC 6229 section 1 / Schneier; no octets are discarded.
`default_nettype none

module rc4_dp (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         ksa_start_i,
  input  wire [127:0] key_i,        // octet n in bits [8n+7:8n]; held during the KSA
  // Waiver: bit 0 is only checked (MPPE_ASSERT): the length is even.
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [4:0]   key_len_i,    // 2, 4, .. 16 octets (even)
  /* verilator lint_on UNUSEDSIGNAL */
  output wire         busy_o,
  output wire         ready_o,      // ks_o valid
  input  wire         ks_next_i,
  output wire [7:0]   ks_o,
  input  wire         fill_i        // no more keystream needed: write the identity now
);

  // ---------------------------------------------------------------- RAM
  // Two ports, each a read or a byte-enabled write a clock (never both:
  // the design below keeps them apart, so the read-during-write mode does
  // not matter). Word m: {S[2m+1], S[2m]}.
  (* ram_style = "block", no_rw_check *)
  reg  [15:0] mem [0:127];
  reg  [1:0]  a_we, b_we;
  reg         a_re, b_re;
  reg  [6:0]  a_ad, b_ad;
  reg  [15:0] a_wd, b_wd;
  reg  [15:0] qa, qb;
  always @(posedge clk_i) begin
    if (a_we[0]) mem[a_ad][7:0]  <= a_wd[7:0];
    if (a_we[1]) mem[a_ad][15:8] <= a_wd[15:8];
    if (a_re)    qa <= mem[a_ad];
  end
  always @(posedge clk_i) begin
    if (b_we[0]) mem[b_ad][7:0]  <= b_wd[7:0];
    if (b_we[1]) mem[b_ad][15:8] <= b_wd[15:8];
    if (b_re)    qb <= mem[b_ad];
  end

  // ---------------------------------------------------------------- state
  localparam [3:0]
    ST_IDLE = 4'd0,   // nothing to do
    ST_FILL = 4'd1,   // the identity into all words
    ST_KP   = 4'd2,   // read word 0 (after the fill)
    ST_K0   = 4'd3,
    ST_K1   = 4'd4,
    ST_K2   = 4'd5,
    ST_P0   = 4'd6,   // waits here while the output buffer has no room
    ST_P1   = 4'd7,
    ST_P2   = 4'd8,
    ST_P3   = 4'd9;

  reg  [3:0]  st_q, st_d;
  reg  [6:0]  m_q, m_d;             // the i word: steps 2m, 2m+1
  reg  [7:0]  j_q, j_d;             // j before the pair
  reg  [2:0]  p_q, p_d;             // key octets of steps 2m, 2m+1: 2p, 2p+1 (p = m mod key_len/2)
  reg         va_q, va_d;           // step a is part of the stream (not the PRGA's i = 0)
  reg         filled_q, filled_d;   // the RAM holds the identity
  reg         go_q, go_d;           // a key schedule waits for the fill
  reg         busy_q, busy_d;
  reg  [15:0] iw_q, iw_d;           // {S[2m+1], S[2m]} before the pair
  reg  [7:0]  ja_q, ja_d, jb_q, jb_d, sia_q, sia_d, sib_q, sib_d;
  reg  [7:0]  sja_q, sja_d, sjb_q, sjb_d, ta_q, ta_d, tb_q, tb_d;
  reg  [15:0] ob_q, ob_d;           // output octets, the next in [7:0]
  reg  [1:0]  on_q, on_d;           // how many

  wire [7:0] ia = {m_q, 1'b0};
  wire [7:0] ib = {m_q, 1'b1};

  // entry idx of the word read (idx[0] picks the half)
  function [7:0] tr;
    input [15:0] q;
    input        odd;
    begin
      tr = odd ? q[15:8] : q[7:0];
    end
  endfunction

  // key octets of steps a and b: one octet pair, since the key length is
  // even (MPPE's keys are 8 or 16 octets; one 16-bit multiplexer instead of
  // two 8-bit ones of twice the inputs)
  wire [2:0]  p1 = ({1'b0, p_q} + 4'd1 == key_len_i[4:1]) ? 3'd0 : p_q + 3'd1;
  wire [15:0] key_ab = key_i[{p_q, 4'b0000} +: 16];
  wire [7:0]  key_a = key_ab[7:0];
  wire [7:0]  key_b = key_ab[15:8];

  wire       prga = (st_q == ST_P0);
  wire       room = (on_q == 2'd0) || (on_q == 2'd1 && ks_next_i);

  // P0/K0: the i word from the read of word m (P3/K2/start/KP)
  wire [15:0] iw_in = qb;
  wire [7:0]  c_sia = iw_in[7:0];
  wire [7:0]  c_ja  = j_q + (va_q ? c_sia : 8'd0) + (prga ? 8'd0 : key_a);
  wire [7:0]  c_sib = (va_q && c_ja == ib) ? c_sia : iw_in[15:8];    // hazard
  wire [7:0]  c_jb  = c_ja + c_sib + (prga ? 8'd0 : key_b);

  // P1/K1: the values at ja, jb before their own swap
  // (the half each port's last read wants: ja/jb in P1/K1, ta/tb in P2)
  reg         rxa_q, rxa_d, rxb_q, rxb_d;
  wire [7:0]  r_a   = tr(qa, rxa_q);
  wire [7:0]  r_b   = tr(qb, rxb_q);
  wire [7:0]  c_sja = r_a;
  wire [7:0]  c_sjb = (va_q && jb_q == ia) ? r_a :                   // hazard
                      (va_q && jb_q == ja_q) ? sia_q : r_b;          // hazard

  // P2: keystream octets (S after the own swap, and b after a's too)
  wire [7:0]  x_a   = r_a;
  wire [7:0]  x_b   = r_b;
  wire [7:0]  ks_a  = (ta_q == ia) ? sja_q : (ta_q == ja_q) ? sia_q : x_a;  // hazard
  wire [7:0]  sa_tb = (va_q && tb_q == ia) ? sja_q :                          // hazard
                      (va_q && tb_q == ja_q) ? sia_q : x_b;                   // hazard
  wire [7:0]  ks_b  = (tb_q == ib) ? sjb_q : (tb_q == jb_q) ? sib_q : sa_tb;  // hazard

  // K1/P2: the i word after both swaps, and the S[j] writes
  // (the values at ja, jb: read this clock in K1, registered in P1 for P2)
  wire [7:0]  sja_n = (st_q == ST_K1) ? c_sja : sja_q;
  wire [7:0]  sjb_n = (st_q == ST_K1) ? c_sjb : sjb_q;
  reg  [7:0]  h0, h1;
  reg         wa, wb;               // S[ja], S[jb] go to the RAM
  always @(*) begin
    h0 = iw_q[7:0]; h1 = iw_q[15:8];
    // (ja == ib needs nothing here: b's swap writes S[i_b] last)
    if (va_q) h0 = sja_n;
    h1 = sjb_n;
    if (jb_q == ia) h0 = sib_q;     // hazard: jb in the i word
    // (ja == ia, jb == ib: the swap of an entry with itself, h0/h1 as set)
    wa = va_q && ja_q[7:1] != m_q && ja_q != jb_q;   // hazard: b's write wins
    wb = jb_q[7:1] != m_q;
  end

  assign ready_o = (on_q != 2'd0);
  assign ks_o    = ob_q[7:0];
  assign busy_o  = busy_q;

  always @(*) begin
    st_d = st_q; m_d = m_q; j_d = j_q; p_d = p_q; va_d = va_q; rxa_d = rxa_q; rxb_d = rxb_q;
    filled_d = filled_q; go_d = go_q; busy_d = busy_q;
    iw_d = iw_q; ja_d = ja_q; jb_d = jb_q; sia_d = sia_q; sib_d = sib_q;
    sja_d = sja_q; sjb_d = sjb_q; ta_d = ta_q; tb_d = tb_q;
    ob_d = ob_q; on_d = on_q;
    a_we = 2'b00; a_re = 1'b0; a_ad = 7'd0; a_wd = 16'd0;
    b_we = 2'b00; b_re = 1'b0; b_ad = 7'd0; b_wd = 16'd0;
    if (ks_next_i && on_q != 2'd0) begin
      ob_d = {8'd0, ob_q[15:8]};
      on_d = on_q - 2'd1;
    end
    if (ksa_start_i) begin
      // from the identity: word 0 is read for K0 now if it is there, else
      // after the fill (ST_KP); a fill under way goes on (m_q is its count)
      busy_d = 1'b1; filled_d = 1'b0;
      j_d = 8'd0; p_d = 3'd0; va_d = 1'b1;
      on_d = 2'd0;
      if (filled_q) begin
        m_d = 7'd0;
        b_re = 1'b1; b_ad = 7'd0;
        st_d = ST_K0;
      end else begin
        if (st_q != ST_FILL) m_d = 7'd0;
        go_d = 1'b1;
        st_d = ST_FILL;
      end
    end else begin
      case (st_q)
        ST_FILL: begin
          a_we = 2'b11; a_ad = {1'b0, m_q[5:0]}; a_wd = {1'b0, m_q[5:0], 1'b1, 1'b0, m_q[5:0], 1'b0};
          b_we = 2'b11; b_ad = {1'b1, m_q[5:0]}; b_wd = {1'b1, m_q[5:0], 1'b1, 1'b1, m_q[5:0], 1'b0};
          m_d = m_q + 7'd1;
          if (&m_q[5:0]) begin
            m_d = 7'd0;
            go_d = 1'b0;
            filled_d = !go_q;
            st_d = go_q ? ST_KP : ST_IDLE;
          end
        end
        ST_KP: begin
          b_re = 1'b1; b_ad = 7'd0;
          st_d = ST_K0;
        end
        // the caller is done with the keystream (fill_i; never from the
        // start to the first octet, busy_o): the identity for the next key
        // schedule. Taken between pairs (P0), where a pair in flight ends
        // within 3 clocks, or when idle.
        ST_IDLE: if (fill_i && !filled_q) begin
          m_d = 7'd0;
          st_d = ST_FILL;
        end
        ST_P0: if (fill_i) begin
          m_d = 7'd0; on_d = 2'd0;
          st_d = ST_FILL;
        end else if (room) begin
          iw_d = iw_in;
          sia_d = c_sia; sib_d = c_sib; ja_d = c_ja; jb_d = c_jb;
          a_re = 1'b1; a_ad = c_ja[7:1]; rxa_d = c_ja[0];
          b_re = 1'b1; b_ad = c_jb[7:1]; rxb_d = c_jb[0];
          st_d = ST_P1;
        end
        ST_K0: begin
          iw_d = iw_in;
          sia_d = c_sia; sib_d = c_sib; ja_d = c_ja; jb_d = c_jb;
          a_re = 1'b1; a_ad = c_ja[7:1]; rxa_d = c_ja[0];
          b_re = 1'b1; b_ad = c_jb[7:1]; rxb_d = c_jb[0];
          st_d = ST_K1;
        end
        ST_P1: begin
          sja_d = c_sja; sjb_d = c_sjb;
          ta_d = sia_q + c_sja; tb_d = sib_q + c_sjb;
          a_re = 1'b1; a_ad = ta_d[7:1]; rxa_d = ta_d[0];
          b_re = 1'b1; b_ad = tb_d[7:1]; rxb_d = tb_d[0];
          st_d = ST_P2;
        end
        ST_K1, ST_P2: begin
          if (st_q == ST_P2) begin
            // the buffer is empty here (P0 waited for room)
            ob_d = va_q ? {ks_b, ks_a} : {8'd0, ks_b};
            on_d = va_q ? 2'd2 : 2'd1;
            busy_d = 1'b0;
          end
          iw_d = {h1, h0};
          // S[ja] <- si_a, S[jb] <- si_b outside the i word
          if (wa && wb && ja_q[7:1] == jb_q[7:1]) begin
            // hazard: one word, both halves, one port
            b_we = 2'b11; b_ad = jb_q[7:1];
            b_wd = jb_q[0] ? {sib_q, sia_q} : {sia_q, sib_q};
          end else begin
            a_we = {wa & ja_q[0], wa & ~ja_q[0]}; a_ad = ja_q[7:1]; a_wd = {sia_q, sia_q};
            b_we = {wb & jb_q[0], wb & ~jb_q[0]}; b_ad = jb_q[7:1]; b_wd = {sib_q, sib_q};
          end
          st_d = (st_q == ST_K1) ? ST_K2 : ST_P3;
        end
        ST_K2, ST_P3: begin
          a_we = 2'b11; a_ad = m_q; a_wd = iw_q;
          b_re = 1'b1; b_ad = m_q + 7'd1;
          m_d = m_q + 7'd1;
          j_d = jb_q;
          p_d = p1;
          va_d = 1'b1;
          st_d = ST_P0;
          if (st_q == ST_K2) begin
            if (&m_q) begin
              // all 256 entries written: the PRGA from i = j = 0 (its first
              // pair is word 0's i = 1 alone)
              j_d = 8'd0;
              va_d = 1'b0;
            end else begin
              st_d = ST_K0;
            end
          end
        end
        default: ;
      endcase
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q    <= ST_IDLE;
      filled_q <= 1'b0;         // the RAM's contents are unknown
      go_q    <= 1'b0;
      busy_q  <= 1'b0;
      on_q    <= 2'd0;
      m_q     <= 7'd0;
    end else begin
      st_q    <= st_d;
      filled_q <= filled_d;
      go_q    <= go_d;
      busy_q  <= busy_d;
      on_q    <= on_d;
      m_q     <= m_d;
    end
  end

  // Data registers: no reset needed (st_q gates their use).
  always @(posedge clk_i) begin
    j_q <= j_d; p_q <= p_d; va_q <= va_d; rxa_q <= rxa_d; rxb_q <= rxb_d;
    iw_q <= iw_d; ja_q <= ja_d; jb_q <= jb_d; sia_q <= sia_d; sib_q <= sib_d;
    sja_q <= sja_d; sjb_q <= sjb_d; ta_q <= ta_d; tb_q <= tb_d; ob_q <= ob_d;
  end

`ifdef MPPE_ASSERT
  reg a_armed_q = 1'b0;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) a_armed_q <= 1'b1;
  always @(posedge clk_i)
    if (a_armed_q) begin
      assert (!(ks_next_i && !ksa_start_i && !ready_o));
      assert (!(fill_i && (ksa_start_i || busy_o)));
      // an even key length (the octet pairs): 2..16
      assert (!(ksa_start_i && (key_len_i == 5'd0 || key_len_i > 5'd16 || key_len_i[0])));
      // the design's own rules: a port reads or writes, two ports never
      // write one word, and a word is never read in the clock it is written
      assert (!(a_re && a_we != 2'b00) && !(b_re && b_we != 2'b00));
      assert (!(a_we != 2'b00 && b_we != 2'b00 && a_ad == b_ad));
      assert (!(a_we != 2'b00 && b_re && a_ad == b_ad));
      assert (!(b_we != 2'b00 && a_re && a_ad == b_ad));
    end
`endif

endmodule

`default_nettype wire
