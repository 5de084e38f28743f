// RV32I with Zicsr as the management core decodes it: constants, the
// instruction's fields and immediates, and which encodings are legal,
// written once for the two cores (hdl/mgmt/mgmt_cpu.v, the card's, and
// hdl/mgmt/mgmt_cpu_small.v, the area-first one). Included inside the
// module body after `instr` (the instruction word) is declared; the module
// has the parameter IMEM_BYTES. ISA: RISC-V Unprivileged ISA 20191213
// chapter 2 (RV32I), chapter 9 (Zicsr); Privileged ISA 20211203 chapter 3.

  localparam [6:0] OPC_LUI    = 7'b0110111;
  localparam [6:0] OPC_AUIPC  = 7'b0010111;
  localparam [6:0] OPC_JAL    = 7'b1101111;
  localparam [6:0] OPC_JALR   = 7'b1100111;
  localparam [6:0] OPC_BRANCH = 7'b1100011;
  localparam [6:0] OPC_LOAD   = 7'b0000011;
  localparam [6:0] OPC_STORE  = 7'b0100011;
  localparam [6:0] OPC_OPIMM  = 7'b0010011;
  localparam [6:0] OPC_OP     = 7'b0110011;
  localparam [6:0] OPC_MISC   = 7'b0001111;
  localparam [6:0] OPC_SYSTEM = 7'b1110011;

  localparam [11:0] CSR_MSTATUS  = 12'h300;
  localparam [11:0] CSR_MISA     = 12'h301;
  localparam [11:0] CSR_MTVEC    = 12'h305;
  localparam [11:0] CSR_MSCRATCH = 12'h340;
  localparam [11:0] CSR_MEPC     = 12'h341;
  localparam [11:0] CSR_MCAUSE   = 12'h342;
  localparam [11:0] CSR_MTVAL    = 12'h343;
  localparam [11:0] CSR_MCYCLE   = 12'hB00;
  localparam [11:0] CSR_MCYCLEH  = 12'hB80;
  localparam [11:0] CSR_CYCLE    = 12'hC00;
  localparam [11:0] CSR_CYCLEH   = 12'hC80;
  localparam [11:0] CSR_MHARTID  = 12'hF14;

  localparam [31:0] CAUSE_IADDR_MISALIGNED = 32'd0;
  localparam [31:0] CAUSE_IACCESS_FAULT    = 32'd1;
  localparam [31:0] CAUSE_ILLEGAL          = 32'd2;
  localparam [31:0] CAUSE_BREAKPOINT       = 32'd3;
  localparam [31:0] CAUSE_LADDR_MISALIGNED = 32'd4;
  localparam [31:0] CAUSE_LACCESS_FAULT    = 32'd5;
  localparam [31:0] CAUSE_SADDR_MISALIGNED = 32'd6;
  localparam [31:0] CAUSE_SACCESS_FAULT    = 32'd7;
  localparam [31:0] CAUSE_ECALL_M          = 32'd11;

  // ---------------------------------------------------------------- fields
  wire [6:0]  opcode = instr[6:0];
  wire [4:0]  rd     = instr[11:7];
  wire [2:0]  funct3 = instr[14:12];
  wire [4:0]  rs1    = instr[19:15];
  wire [4:0]  rs2    = instr[24:20];
  wire [6:0]  funct7 = instr[31:25];
  wire [11:0] csr_addr = instr[31:20];

  // (functions too: mgmt_cpu decodes the next word's before it executes;
  // waived: each takes the whole word and uses its immediate's bits)
  /* verilator lint_off UNUSEDSIGNAL */
  function [31:0] imm_i_of(input [31:0] w); imm_i_of = {{20{w[31]}}, w[31:20]}; endfunction
  function [31:0] imm_s_of(input [31:0] w); imm_s_of = {{20{w[31]}}, w[31:25], w[11:7]}; endfunction
  function [31:0] imm_b_of(input [31:0] w);
    imm_b_of = {{19{w[31]}}, w[31], w[7], w[30:25], w[11:8], 1'b0};
  endfunction
  function [31:0] imm_u_of(input [31:0] w); imm_u_of = {w[31:12], 12'b0}; endfunction
  function [31:0] imm_j_of(input [31:0] w);
    imm_j_of = {{11{w[31]}}, w[31], w[19:12], w[20], w[30:21], 1'b0};
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */
  wire [31:0] imm_i = imm_i_of(instr);
  wire [31:0] imm_s = imm_s_of(instr);
  wire [31:0] imm_b = imm_b_of(instr);
  wire [31:0] imm_u = imm_u_of(instr);
  wire [31:0] imm_j = imm_j_of(instr);

  // ---------------------------------------------------------------- legal encodings
  wire alu_is_op = (opcode == OPC_OP);
  // Legal encodings of OP / OP-IMM (funct7 checks; RV32I shifts need imm[11:5] = 0/0x20)
  reg alu_legal;
  always @(*) begin
    if (alu_is_op) begin
      alu_legal = (funct7 == 7'b0000000) ||
                  (funct7 == 7'b0100000 && (funct3 == 3'b000 || funct3 == 3'b101));
    end else begin
      case (funct3)
        3'b001:  alu_legal = (funct7 == 7'b0000000);
        3'b101:  alu_legal = (funct7 == 7'b0000000) || (funct7 == 7'b0100000);
        default: alu_legal = 1'b1;
      endcase
    end
  end
  // RV32I section 2.5: BEQ BNE BLT BGE BLTU BGEU (funct3 010/011 reserved)
  wire br_legal = (funct3[2:1] != 2'b01);
  // loads: LB LH LW LBU LHU; stores: SB SH SW only
  wire ls_legal = (funct3[1:0] != 2'b11) && !(opcode == OPC_STORE && funct3[2]) &&
                  !(opcode == OPC_LOAD && funct3 == 3'b110);
  // the CSRs both cores have; the top quarter (11:10 = 11) is read-only
  // (Privileged ISA 2.1)
  reg  csr_known;
  always @(*) begin
    case (csr_addr)
      CSR_MSTATUS, CSR_MISA, CSR_MTVEC, CSR_MSCRATCH, CSR_MEPC, CSR_MCAUSE, CSR_MTVAL,
      CSR_MCYCLE, CSR_CYCLE, CSR_MCYCLEH, CSR_CYCLEH, CSR_MHARTID: csr_known = 1'b1;
      default: csr_known = 1'b0;
    endcase
  end
  wire csr_readonly = (csr_addr[11:10] == 2'b11);
  // CSRRS/CSRRC with rs1 = x0 (or uimm = 0) do not write (Zicsr 9.1)
  wire csr_writes = (funct3[1:0] == 2'b01) || (rs1 != 5'd0);

  // ---------------------------------------------------------------- loads
  // a load's result from the bus word: the addressed byte or halfword
  // (lane = address bits 1:0) shifted down, then extended by funct3
  // (LB LH LW LBU LHU)
  function [31:0] load_value(input [31:0] word, input [1:0] lane, input [2:0] f3);
    reg [31:0] sh;
    begin
      sh = word >> {lane, 3'b000};
      case (f3)
        3'b000:  load_value = {{24{sh[7]}}, sh[7:0]};
        3'b001:  load_value = {{16{sh[15]}}, sh[15:0]};
        3'b100:  load_value = {24'd0, sh[7:0]};
        3'b101:  load_value = {16'd0, sh[15:0]};
        default: load_value = sh;
      endcase
    end
  endfunction

  // ---------------------------------------------------------------- IMEM
  // "address >= IMEM_BYTES": for a power of two an OR of the high bits
  // (yosys builds a carry chain for the compare otherwise)
  localparam [31:0] IMEM_MASK = ~(IMEM_BYTES - 32'd1);
  localparam        IMEM_POW2 = (IMEM_BYTES & (IMEM_BYTES - 32'd1)) == 32'd0;
  function outside_imem(input [31:0] a);
    outside_imem = IMEM_POW2 ? ((a & IMEM_MASK) != 32'd0) : (a >= IMEM_BYTES);
  endfunction
