# needs: cpython-lib
# _opcode answers from the instruction table: opcode's has* lists, stack
# effects (falling through, jumping, either), validity, and the tables dis
# prints names from, for every generic opcode. (Instrumented opcodes, 233 to
# 255, are not Pyrite's; nor are the specialized forms it does not make.)
import _opcode
import opcode

def real(ops):
    return [op for op in ops if op < 233 or op >= 256]

for name in ["hasarg", "hasconst", "hasname", "hasjump", "hasfree", "haslocal", "hasexc"]:
    print(name, real(getattr(opcode, name)))
effects = []
for op in sorted(real(opcode.opmap.values())):
    row = [op, _opcode.has_arg(op)]
    for arg in (0, 1, 3):
        for jump in (None, True, False):
            try:
                row.append(_opcode.stack_effect(op, arg, jump=jump))
            except ValueError as e:
                row.append(str(e))
    effects.append(row)
for row in effects:
    print(*row)
print(_opcode.get_intrinsic1_descs())
print(_opcode.get_intrinsic2_descs())
print(_opcode.get_special_method_names())
print(_opcode.get_nb_ops())
print(opcode.opname[100], opcode.opmap["LOAD_CONST"], opcode._nb_ops[0], opcode.cmp_op)
print([_opcode.is_valid(n) for n in (-1, 0, 17, 266, 267, 1000)])
try:
    _opcode.stack_effect(129, 0)
except ValueError as e:
    print("ValueError", e)
