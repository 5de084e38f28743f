// The engine's byte stream (hdl/mppe_engine.v): an operation's input words
// read octet by octet, its output octets packed into words, and the RC4
// loop between them (S_STREAM: out = in ^ keystream, one octet per clock
// while the input, the output buffer and the keystream are ready).
//
// The engine's state machine drives it with commands, one clock each:
// start an operation (its input words; reader and packer at octet 0), pop
// the head word whole (headers, self-test keys, the drain), place the reader
// (seek: octet in the head word, octets left to stream), say how many
// octets the operation emits (oleft; the packer pushes a partial last word
// when it reaches 0), emit one octet (a header, a trial plaintext octet, a
// digest octet; the caller checked out_space_i), or stream (stream_i). While
// streaming the unit pulls keystream octets (ks_next_o) and says when it took
// the last input octet (last_o). Checked alone by sim/stream/tb_stream.c
// against OpenSSL's RC4 (check-stream); with the engine by check-rtl.
`default_nettype none

module mppe_stream (
  input  wire        clk_i,
  // the operation's input words, first-word-fall-through
  input  wire        in_valid_i,
  input  wire [63:0] in_data_i,
  output reg         in_pop_o,
  // output words (into the output buffer)
  input  wire        out_space_i,
  output reg         out_we_o,
  output reg  [63:0] out_data_o,
  // commands (a later one in this list wins where two set the same register)
  input  wire        start_i,          // a new operation of start_words_i input words
  input  wire [13:0] start_words_i,
  input  wire        pop_i,            // pop the head word whole
  input  wire        seek_i,           // reader: octet boff_i of the head word next,
  input  wire [2:0]  boff_i,           // bleft_i octets left to stream
  input  wire [15:0] bleft_i,
  input  wire        oleft_we_i,       // octets the operation still emits
  input  wire [15:0] oleft_i,
  input  wire        emit_i,           // one octet into the packer
  input  wire [7:0]  emit_b_i,
  input  wire        stream_i,         // the RC4 loop
  // keystream (the engine's RC4 bank)
  input  wire        ks_rdy_i,
  input  wire [7:0]  ks_i,
  output wire        ks_next_o,
  // state
  output wire [13:0] words_o,          // input words not yet popped
  output wire [15:0] bleft_o,
  output wire        last_o            // streaming took the last input octet
);

  reg [13:0] words_q, words_d;   // words of this operation not yet popped
  reg [2:0]  boff_q, boff_d;     // octet offset in the head word
  reg [15:0] bleft_q, bleft_d;   // octets left to stream
  reg [63:0] ob_q, ob_d;         // the output word being packed
  reg [2:0]  obn_q, obn_d;       // octets in ob_q
  reg [15:0] oleft_q, oleft_d;   // output octets still to emit

  wire [7:0] in_byte = in_data_i[{boff_q, 3'b000} +: 8];
  // one octet through RC4 this clock
  wire       step = stream_i && in_valid_i && out_space_i && ks_rdy_i;
  assign ks_next_o = step;
  assign last_o    = step && bleft_q == 16'd1;
  assign words_o   = words_q;
  assign bleft_o   = bleft_q;

  reg       emit;
  reg [7:0] emit_b;

  always @(*) begin
    words_d = words_q; boff_d = boff_q; bleft_d = bleft_q;
    ob_d = ob_q; obn_d = obn_q; oleft_d = oleft_q;
    in_pop_o   = 1'b0;
    out_we_o   = 1'b0;
    out_data_o = 64'd0;

    if (start_i) begin
      words_d = start_words_i;
      boff_d  = 3'd0;
      ob_d    = 64'd0;
      obn_d   = 3'd0;
    end
    if (pop_i) begin
      in_pop_o = 1'b1;
      words_d  = words_q - 14'd1;
    end
    if (seek_i) begin
      boff_d  = boff_i;
      bleft_d = bleft_i;
    end
    if (oleft_we_i) oleft_d = oleft_i;

    // the reader: consume the octet streamed; a word is popped when its
    // last octet (or the operation's) is taken
    if (step) begin
      bleft_d = bleft_q - 16'd1;
      if (boff_q == 3'd7 || bleft_q == 16'd1) begin
        in_pop_o = 1'b1;
        words_d  = words_q - 14'd1;
        boff_d   = 3'd0;
      end else begin
        boff_d = boff_q + 3'd1;
      end
    end

    // the packer: a full word, or the operation's last octet, is pushed
    emit   = step || emit_i;
    emit_b = step ? in_byte ^ ks_i : emit_b_i;
    if (emit) begin
      ob_d = ob_q;
      ob_d[{obn_q, 3'b000} +: 8] = emit_b;
      oleft_d = oleft_q - 16'd1;
      if (obn_q == 3'd7 || oleft_q == 16'd1) begin
        out_we_o   = 1'b1;
        out_data_o = ob_d;
        ob_d  = 64'd0;
        obn_d = 3'd0;
      end else begin
        obn_d = obn_q + 3'd1;
      end
    end
  end

  // no reset: the engine's state gates their use, as its own data registers
  always @(posedge clk_i) begin
    words_q <= words_d; boff_q <= boff_d; bleft_q <= bleft_d;
    ob_q <= ob_d; obn_q <= obn_d; oleft_q <= oleft_d;
  end

endmodule

`default_nettype wire
