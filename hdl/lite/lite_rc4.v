// RC4, byte-serial, for the iCE40 board (docs/hardware.md "iCEBreaker"):
// the S-boxes of SLOTS flows in block RAM (one 256-octet box per slot,
// 512 octets per EBR), the key in flip-flops. The management core's
// firmware drives it through lite_crypto's registers: it loads a key and
// runs the key schedule, then XORs up to four octets at a time with the
// keystream. i and j are readable and writable so that the firmware keeps
// them per flow while the boxes stay here (the firmware selects the slot).
//   KSA step   4 clocks (read S[i], read S[j], write S[i], write S[j])
//   PRGA octet 6 clocks (the same, then read S[S[i]+S[j]])
// No read-during-write hazard: every read is issued after the last write it
// depends on has been clocked in (each access has its own clock).
`default_nettype none

module lite_rc4 #(
  parameter integer SLOT_W = 2          // log2 of the number of S-boxes (flows kept here)
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  // commands, taken only while !busy_o
  input  wire              key_load_i,   // KEY: write key word key_word_i (octets 4w..4w+3)
  input  wire [1:0]        key_word_i,
  input  wire [31:0]       key_data_i,
  input  wire              ksa_i,        // S = identity, i = j = 0, key schedule with key_len_i octets
  input  wire [4:0]        key_len_i,    // 1..16
  input  wire              xor_i,        // XOR the low xor_n_i + 1 octets of data with the keystream
  input  wire [1:0]        xor_n_i,
  input  wire [31:0]       data_i,       // written while idle: the data register
  input  wire              data_we_i,
  input  wire              state_we_i,   // write i, j and the slot
  input  wire [7:0]        state_i_i,
  input  wire [7:0]        state_j_i,
  input  wire [SLOT_W-1:0] state_slot_i,
  output reg  [31:0]       data_o,
  output reg  [7:0]        i_o,
  output reg  [7:0]        j_o,
  output reg  [SLOT_W-1:0] slot_o,
  output wire              busy_o
);

  localparam [2:0] S_IDLE = 3'd0, S_INIT = 3'd1, S_RDI = 3'd2, S_RDJ = 3'd3,
                   S_WRI = 3'd4, S_WRJ = 3'd5, S_RDT = 3'd6, S_OUT = 3'd7;

  reg  [2:0]   state;
  reg          ksa;            // 1: key schedule, 0: keystream
  reg  [7:0]   cnt;            // S_INIT address; KSA key index; octets left
  reg  [7:0]   si, sj;
  reg  [4:0]   key_len;
  reg  [7:0]   key [0:15];

  // the S-boxes (inferred EBR: synchronous read, one write port)
  reg  [7:0]   sbox [0:(256 << SLOT_W) - 1];
  reg  [7:0]   rdata;
  reg          we;
  reg  [7:0]   waddr, wdata, raddr;

  assign busy_o = state != S_IDLE;

  wire [7:0] key_byte = key[cnt[3:0]];
  wire [7:0] j_ksa    = j_o + rdata + key_byte;  // S_RDJ of the key schedule: rdata = S[i]
  wire [7:0] j_prga   = j_o + rdata;

  always @(*) begin
    we = 1'b0;
    waddr = i_o;
    wdata = sj;
    raddr = i_o;
    case (state)
      S_INIT: begin we = 1'b1; waddr = cnt; wdata = cnt; end
      S_RDI:  raddr = i_o;
      S_RDJ:  raddr = ksa ? j_ksa : j_prga;
      S_WRI:  begin we = 1'b1; waddr = i_o; wdata = rdata; end
      S_WRJ:  begin we = 1'b1; waddr = j_o; wdata = si; end
      S_RDT:  raddr = si + sj;
      default: ;
    endcase
  end

  always @(posedge clk_i) begin
    if (we) sbox[{slot_o, waddr}] <= wdata;
    rdata <= sbox[{slot_o, raddr}];
  end

  integer k;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state   <= S_IDLE;
      ksa     <= 1'b0;
      cnt     <= 8'd0;
      si      <= 8'd0;
      sj      <= 8'd0;
      key_len <= 5'd16;
      i_o     <= 8'd0;
      j_o     <= 8'd0;
      slot_o  <= {SLOT_W{1'b0}};
      data_o  <= 32'd0;
      for (k = 0; k < 16; k = k + 1) key[k] <= 8'd0;
    end else begin
      case (state)
        S_IDLE: begin
          if (key_load_i)
            for (k = 0; k < 4; k = k + 1) key[{key_word_i, k[1:0]}] <= key_data_i[8*k +: 8];
          if (data_we_i) data_o <= data_i;
          if (state_we_i) begin
            i_o <= state_i_i;
            j_o <= state_j_i;
            slot_o <= state_slot_i;
          end
          if (ksa_i) begin
            state   <= S_INIT;
            ksa     <= 1'b1;
            cnt     <= 8'd0;
            key_len <= key_len_i;
          end else if (xor_i) begin
            state <= S_RDI;
            ksa   <= 1'b0;
            cnt   <= {6'd0, xor_n_i};
            i_o   <= i_o + 8'd1;     // RC4 steps i before it reads
          end
        end
        S_INIT: begin
          cnt <= cnt + 8'd1;
          if (cnt == 8'hff) begin
            state <= S_RDI;
            cnt   <= 8'd0;
            i_o   <= 8'd0;
            j_o   <= 8'd0;
          end
        end
        S_RDI: state <= S_RDJ;
        S_RDJ: begin
          si    <= rdata;
          j_o   <= ksa ? j_ksa : j_prga;
          state <= S_WRI;
        end
        S_WRI: begin
          sj    <= rdata;
          state <= S_WRJ;
        end
        S_WRJ: begin
          if (ksa) begin
            // the key index wraps at the key's length (RFC-less RC4: K[i mod L])
            cnt <= (cnt[4:0] == key_len - 5'd1) ? 8'd0 : cnt + 8'd1;
            i_o <= i_o + 8'd1;
            if (i_o == 8'hff) begin
              // done: i = j = 0 for the keystream, and the key is wiped
              state <= S_IDLE;
              i_o   <= 8'd0;
              j_o   <= 8'd0;
              for (k = 0; k < 16; k = k + 1) key[k] <= 8'd0;
            end else begin
              state <= S_RDI;
            end
          end else begin
            state <= S_RDT;
          end
        end
        S_RDT: state <= S_OUT;
        default: begin   // S_OUT: rdata is the keystream octet
          data_o <= {data_o[7:0] ^ rdata, data_o[31:8]};
          if (cnt == 8'd0) begin
            state <= S_IDLE;
          end else begin
            cnt   <= cnt - 8'd1;
            i_o   <= i_o + 8'd1;
            state <= S_RDI;
          end
        end
      endcase
    end
  end

endmodule

`default_nettype wire
