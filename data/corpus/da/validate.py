import json, re, sys, collections, difflib
from pathlib import Path
HERE = Path(__file__).resolve().parent
W=['shorter_lead_time','smaller_orders','more_frequent_deliveries','exact_delivery_time','urgent_orders',
   'late_order_changes','custom_packaging','supplier_held_stock','longer_payment_terms','delivery_tracking']
N=['demand_uncertainty','storage_constraint','capital_constraint','receiving_window','supply_reliability',
   'handling_constraint','planning_visibility','admin_burden']
# check codes against the taxonomy file itself
tax=open(HERE.parent.parent / 'eval' / 'da' / 'taxonomy-definitions.md',encoding='utf-8').read()
for c in W+N: assert f'`{c}`' in tax, c
D=str(HERE / 'train') + '/'
files=['wishes_da.jsonl','answers_da.jsonl','contrasts_da.jsonl','negatives_da.jsonl']
allt=[]; ok=True; total=0
for f in files:
    wc=collections.Counter(); nc=collections.Counter(); n=0; emp=0; multiw=0; multin=0
    for i,line in enumerate(open(D+f,encoding='utf-8'),1):
        try: r=json.loads(line)
        except Exception as e: print('PARSE',f,i,e); ok=False; continue
        if set(r)!={'text','wishes','needs'} or not isinstance(r['text'],str) or not r['text'].strip():
            print('SHAPE',f,i); ok=False
        for c in r['wishes']:
            if c not in W: print('BADW',f,i,c); ok=False
        for c in r['needs']:
            if c not in N: print('BADN',f,i,c); ok=False
        if len(set(r['wishes']))!=len(r['wishes']) or len(set(r['needs']))!=len(r['needs']): print('DUPCODE',f,i); ok=False
        if f=='negatives_da.jsonl' and (r['wishes'] or r['needs']): print('NEGLABEL',f,i); ok=False
        wc.update(r['wishes']); nc.update(r['needs']); n+=1
        emp+= not r['wishes'] and not r['needs']; multiw+=len(r['wishes'])>1; multin+=len(r['needs'])>1
        allt.append((f,i,r['text']))
    total+=n
    print(f'\n== {f}: {n} lines (empty-both {emp}, >1 wish {multiw}, >1 need {multin})')
    for c in W: print(f'   wish {c:26s} {wc[c]}')
    for c in N: print(f'   need {c:26s} {nc[c]}')
print('\nTOTAL',total)
# exact and near duplicates
norm=lambda s: re.sub(r'[^\wæøå ]','',s.lower()).strip()
seen={}
for f,i,t in allt:
    k=t.lower().strip()
    if k in seen: print('EXACTDUP',(f,i),seen[k],t); ok=False
    seen[k]=(f,i)
near=0
items=[(norm(t),f,i,t) for f,i,t in allt if len(norm(t))>25]
for a in range(len(items)):
    for b in range(a+1,len(items)):
        x,y=items[a][0],items[b][0]
        if abs(len(x)-len(y))>0.2*max(len(x),len(y)): continue
        # contrast pairs are deliberate minimal pairs: skip adjacent lines inside contrasts_da.jsonl
        if items[a][1]==items[b][1]=='contrasts_da.jsonl' and abs(items[a][2]-items[b][2])==1: continue
        sm=difflib.SequenceMatcher(None,x,y)
        if sm.real_quick_ratio()>0.9 and sm.quick_ratio()>0.9 and sm.ratio()>0.9:
            near+=1; print('NEAR',items[a][1:3],items[b][1:3],'|',items[a][3],'|',items[b][3])
print('near-duplicates (>0.9 similarity):',near)
print('VALID' if ok else 'INVALID'); sys.exit(0 if ok else 1)
