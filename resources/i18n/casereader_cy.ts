<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy">
<context>
    <name>AgreementView</name>
    <message>
        <source>Agreement</source>
        <translation>Cytundeb</translation>
    </message>
    <message>
        <source>Agreement per question</source>
        <translation>Cytundeb fesul cwestiwn</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Cwestiwn</translation>
    </message>
    <message>
        <source>Pairs</source>
        <translation>Parau</translation>
    </message>
    <message>
        <source>Exact agreement</source>
        <translation>Cytundeb union</translation>
    </message>
    <message>
        <source>Within one</source>
        <translation>O fewn un</translation>
    </message>
    <message>
        <source>Kappa</source>
        <translation>Kappa</translation>
    </message>
    <message>
        <source>Weighted kappa</source>
        <translation>Kappa wedi&apos;i bwysoli</translation>
    </message>
    <message>
        <source>Gwet&apos;s AC (95% CI)</source>
        <translation>AC Gwet (cyfwng hyder 95%)</translation>
    </message>
    <message>
        <source>Question text</source>
        <translation>Testun y cwestiwn</translation>
    </message>
    <message>
        <source>Agreement per &amp;question (least consistent first)</source>
        <translation>Cytundeb fesul &amp;cwestiwn (y lleiaf cyson yn gyntaf)</translation>
    </message>
    <message>
        <source>Statistics &amp;for:</source>
        <translation>Ystadegau &amp;ar gyfer:</translation>
    </message>
    <message>
        <source>Question, inspector pair or overall for the statistics</source>
        <translation>Cwestiwn, pâr o arolygwyr neu&apos;r cyfan ar gyfer yr ystadegau</translation>
    </message>
    <message>
        <source>Agreement statistics, N/A pairs excluded</source>
        <translation>Ystadegau cytundeb, heb gynnwys parau Dd/B</translation>
    </message>
    <message>
        <source>Statistic</source>
        <translation>Ystadegyn</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Gwerth</translation>
    </message>
    <message>
        <source>95% interval or verdict</source>
        <translation>Cyfwng 95% neu ddyfarniad</translation>
    </message>
    <message>
        <source>Agreement &amp;statistics (n, 95% intervals)</source>
        <translation>&amp;Ystadegau cytundeb (n, cyfyngau 95%)</translation>
    </message>
    <message>
        <source>Question {key}</source>
        <translation>Cwestiwn {key}</translation>
    </message>
    <message>
        <source>Inspectors {key}</source>
        <translation>Arolygwyr {key}</translation>
    </message>
    <message>
        <source>All questions</source>
        <translation>Pob cwestiwn</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Casereader cannot start</source>
        <translation>Ni all Casereader ddechrau</translation>
    </message>
</context>
<context>
    <name>AreaBarChart</name>
    <message>
        <source>Area bar chart</source>
        <translation>Siart bar yr Ardaloedd</translation>
    </message>
    <message>
        <source>No figures for this selection</source>
        <translation>Dim ffigurau ar gyfer y dewis hwn</translation>
    </message>
    <message>
        <source>{0} — national (pooled) {1}, mean of Areas {2}</source>
        <translation>{0} — cenedlaethol (cyfun) {1}, cymedr yr Ardaloedd {2}</translation>
    </message>
    <message>
        <source>{0}  n={1}</source>
        <translation>{0}  n={1}</translation>
    </message>
    <message>
        <source>National (pooled)</source>
        <translation>Cenedlaethol (cyfun)</translation>
    </message>
    <message>
        <source>Mean of Areas</source>
        <translation>Cymedr yr Ardaloedd</translation>
    </message>
</context>
<context>
    <name>BackgroundTask</name>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
</context>
<context>
    <name>CaseBar</name>
    <message>
        <source>Summary</source>
        <translation>Crynodeb</translation>
    </message>
    <message>
        <source>Scores, answers and history of this case (Ctrl+I)</source>
        <translation>Sgoriau, atebion a hanes yr achos hwn (Ctrl+I)</translation>
    </message>
    <message>
        <source>Mark complete</source>
        <translation>Marcio&apos;n gyflawn</translation>
    </message>
    <message>
        <source>Mark this case complete (Ctrl+Enter)</source>
        <translation>Marcio&apos;r achos hwn yn gyflawn (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>{0} of {1} answered</source>
        <translation>{0} o {1} wedi&apos;u hateb</translation>
    </message>
    <message>
        <source>Reopen to edit…</source>
        <translation>Ailagor i&apos;w olygu…</translation>
    </message>
    <message>
        <source>This case is complete and read-only; reopen it to change it (Ctrl+Shift+O)</source>
        <translation>Mae&apos;r achos hwn yn gyflawn ac yn ddarllen-yn-unig; ailagorwch ef i&apos;w newid (Ctrl+Shift+O)</translation>
    </message>
</context>
<context>
    <name>CaseForm</name>
    <message>
        <source>About this case</source>
        <translation>Am yr achos hwn</translation>
    </message>
    <message>
        <source>To do ({0})</source>
        <translation>I&apos;w wneud ({0})</translation>
    </message>
    <message>
        <source>Nothing missing</source>
        <translation>Dim byd ar goll</translation>
    </message>
    <message>
        <source>All questions answered. Ctrl+Enter marks the case complete.</source>
        <translation>Pob cwestiwn wedi&apos;i ateb. Mae Ctrl+Enter yn marcio&apos;r achos yn gyflawn.</translation>
    </message>
    <message>
        <source>This case is locked and cannot be changed.</source>
        <translation>Mae&apos;r achos hwn wedi&apos;i gloi ac ni ellir ei newid.</translation>
    </message>
    <message>
        <source>This case is complete, so it is read-only. To change it, reopen it first: Case ▸ Reopen for editing (Ctrl+Shift+O).</source>
        <translation>Mae&apos;r achos hwn yn gyflawn, felly mae&apos;n ddarllen-yn-unig. I&apos;w newid, ailagorwch ef yn gyntaf: Achos ▸ Ailagor i&apos;w olygu (Ctrl+Shift+O).</translation>
    </message>
    <message>
        <source>{0}: a comment (the evidence for the mark) is required.</source>
        <translation>{0}: mae angen sylw (y dystiolaeth dros y marc).</translation>
    </message>
    <message>
        <source>No longer applies: {0}.</source>
        <translation>Ddim yn berthnasol mwyach: {0}.</translation>
    </message>
    <message>
        <source>Answers kept (shown in the summary) and restored if it applies again: {0}.</source>
        <translation>Cedwir yr atebion (fe&apos;u dangosir yn y crynodeb) a&apos;u hadfer os daw&apos;n berthnasol eto: {0}.</translation>
    </message>
    <message>
        <source>Applies again, answers restored: {0}.</source>
        <translation>Yn berthnasol eto, atebion wedi&apos;u hadfer: {0}.</translation>
    </message>
    <message numerus="yes">
        <source>Not marked complete: %n things still to do, listed on the right.</source>
        <translation>
            <numerusform>Heb ei farcio&apos;n gyflawn: %n peth i&apos;w wneud o hyd, wedi&apos;u rhestru ar y dde.</numerusform>
            <numerusform>Heb ei farcio&apos;n gyflawn: %n peth i&apos;w wneud o hyd, wedi&apos;i restru ar y dde.</numerusform>
            <numerusform>Heb ei farcio&apos;n gyflawn: %n peth i&apos;w wneud o hyd, wedi&apos;u rhestru ar y dde.</numerusform>
            <numerusform>Heb ei farcio&apos;n gyflawn: %n peth i&apos;w wneud o hyd, wedi&apos;u rhestru ar y dde.</numerusform>
            <numerusform>Heb ei farcio&apos;n gyflawn: %n peth i&apos;w wneud o hyd, wedi&apos;u rhestru ar y dde.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseIntake</name>
    <message>
        <source>Case lists (*.csv *.xlsx);;All files (*)</source>
        <translation>Rhestrau achosion (*.csv *.xlsx);;Pob ffeil (*)</translation>
    </message>
    <message>
        <source>Import a sample of cases</source>
        <translation>Mewnforio sampl o achosion</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>Ni fewnforiwyd dim</translation>
    </message>
    <message>
        <source>{0} has a header row but no cases.</source>
        <translation>Mae gan {0} res pennawd ond dim achosion.</translation>
    </message>
    <message>
        <source>Nothing was imported from {0}. Fix these and import it again:

{1}</source>
        <translation>Ni fewnforiwyd dim o {0}. Cywirwch y rhain a&apos;i mewnforio eto:

{1}</translation>
    </message>
    <message>
        <source>Add a case</source>
        <translation>Ychwanegu achos</translation>
    </message>
    <message>
        <source>Case reference (URN):</source>
        <translation>Cyfeirnod yr achos (URN):</translation>
    </message>
    <message>
        <source>the reference</source>
        <translation>y cyfeirnod</translation>
    </message>
    <message>
        <source>The case was not added</source>
        <translation>Ni ychwanegwyd yr achos</translation>
    </message>
</context>
<context>
    <name>CaseListPanel</name>
    <message>
        <source>Find a case by reference (Ctrl+F)</source>
        <translation>Dod o hyd i achos yn ôl cyfeirnod (Ctrl+F)</translation>
    </message>
    <message>
        <source>Find a case by reference</source>
        <translation>Dod o hyd i achos yn ôl cyfeirnod</translation>
    </message>
    <message>
        <source>Show cases with status</source>
        <translation>Dangos achosion â&apos;r statws</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Pob statws</translation>
    </message>
    <message>
        <source>Show cases of casework type</source>
        <translation>Dangos achosion o&apos;r math o waith achos</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Pob math</translation>
    </message>
    <message>
        <source>Cases in this inspection</source>
        <translation>Achosion yn yr arolygiad hwn</translation>
    </message>
    <message>
        <source>Enter opens the case</source>
        <translation>Mae Enter yn agor yr achos</translation>
    </message>
</context>
<context>
    <name>CaseStatus</name>
    <message>
        <source>Not started</source>
        <translation>Heb ddechrau</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Ar y gweill</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Cyflawn</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Wedi&apos;i gloi</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Reference</source>
        <translation>Cyfeirnod</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Math</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statws</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Cynnydd</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Baneri</translation>
    </message>
    <message>
        <source>Reserve</source>
        <translation>Wrth gefn</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Wedi&apos;i dynnu&apos;n ôl</translation>
    </message>
    <message>
        <source>Last changed {0} by {1}</source>
        <translation>Newidiwyd ddiwethaf {0} gan {1}</translation>
    </message>
</context>
<context>
    <name>CentralDashboard</name>
    <message>
        <source>Central dashboard</source>
        <translation>Dangosfwrdd canolog</translation>
    </message>
    <message>
        <source>Measures</source>
        <translation>Mesurau</translation>
    </message>
    <message>
        <source>Themes</source>
        <translation>Themâu</translation>
    </message>
    <message>
        <source>&amp;Round:</source>
        <translation>&amp;Cylch:</translation>
    </message>
    <message>
        <source>&amp;Question set:</source>
        <translation>&amp;Set gwestiynau:</translation>
    </message>
    <message>
        <source>&amp;Casework type:</source>
        <translation>&amp;Math o waith achos:</translation>
    </message>
    <message>
        <source>&amp;Area:</source>
        <translation>&amp;Ardal:</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>&amp;Dangos:</translation>
    </message>
    <message>
        <source>C&amp;hart:</source>
        <translation>S&amp;iart:</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Adn&amp;ewyddu</translation>
    </message>
    <message>
        <source>F&amp;inal (for publication)</source>
        <translation>&amp;Terfynol (i&apos;w gyhoeddi)</translation>
    </message>
    <message>
        <source>Export only if every publication check passes; otherwise the export is stamped DRAFT</source>
        <translation>Allforio dim ond os yw pob gwiriad cyhoeddi yn llwyddo; fel arall caiff yr allforyn ei stampio DRAFT</translation>
    </message>
    <message>
        <source>&amp;Export report…</source>
        <translation>A&amp;llforio adroddiad…</translation>
    </message>
    <message>
        <source>What the figures cover</source>
        <translation>Beth mae&apos;r ffigurau&apos;n ei gwmpasu</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statws</translation>
    </message>
    <message>
        <source>Aggregating</source>
        <translation>Yn cyfuno</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Wedi stopio</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Allforio adroddiad</translation>
    </message>
    <message>
        <source>Report (*.pdf *.xlsx *.csv *.json)</source>
        <translation>Adroddiad (*.pdf *.xlsx *.csv *.json)</translation>
    </message>
    <message>
        <source>Choose a file ending .pdf, .xlsx, .csv or .json.</source>
        <translation>Dewiswch ffeil sy&apos;n gorffen â .pdf, .xlsx, .csv neu .json.</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Yn allforio</translation>
    </message>
    <message>
        <source>Could not export: {0}</source>
        <translation>Methu allforio: {0}</translation>
    </message>
    <message numerus="yes">
        <source>Not exported: a final report needs a secure evidence base, and %n things stand in the way:</source>
        <translation>
            <numerusform>Heb ei allforio: mae angen sylfaen dystiolaeth ddiogel ar adroddiad terfynol, ac mae %n peth yn rhwystro hynny:</numerusform>
            <numerusform>Heb ei allforio: mae angen sylfaen dystiolaeth ddiogel ar adroddiad terfynol, ac mae %n peth yn rhwystro hynny:</numerusform>
            <numerusform>Heb ei allforio: mae angen sylfaen dystiolaeth ddiogel ar adroddiad terfynol, ac mae %n peth yn rhwystro hynny:</numerusform>
            <numerusform>Heb ei allforio: mae angen sylfaen dystiolaeth ddiogel ar adroddiad terfynol, ac mae %n peth yn rhwystro hynny:</numerusform>
            <numerusform>Heb ei allforio: mae angen sylfaen dystiolaeth ddiogel ar adroddiad terfynol, ac mae %n peth yn rhwystro hynny:</numerusform>
        </translation>
    </message>
    <message>
        <source>Exported {0} ({1})</source>
        <translation>Allforiwyd {0} ({1})</translation>
    </message>
    <message>
        <source>final</source>
        <translation>terfynol</translation>
    </message>
    <message>
        <source>all, pooled over casework types</source>
        <translation>y cyfan, wedi&apos;i gyfuno ar draws mathau o waith achos</translation>
    </message>
    <message>
        <source>Round: {0} · Question set: {1} · Areas: {2} · Casework type: {3} · Filters: {4} · {5}. Scores are points over maximum points (N/A and inapplicable questions in neither part); n answers = the scored answers behind a figure.</source>
        <translation>Cylch: {0} · Set gwestiynau: {1} · Ardaloedd: {2} · Math o waith achos: {3} · Hidlwyr: {4} · {5}. Sgôr yw&apos;r pwyntiau dros yr uchafswm pwyntiau (nid yw cwestiynau Dd/B na chwestiynau amherthnasol yn y naill ran na&apos;r llall); n ateb = yr atebion a sgoriwyd y tu ôl i ffigur.</translation>
    </message>
    <message>
        <source>Scores by Area</source>
        <translation>Sgoriau fesul Ardal</translation>
    </message>
    <message>
        <source>Reading the central store…</source>
        <translation>Yn darllen y storfa ganolog…</translation>
    </message>
    <message>
        <source>Could not aggregate: {0}</source>
        <translation>Methu cyfuno: {0}</translation>
    </message>
    <message>
        <source>All casework types</source>
        <translation>Pob math o waith achos</translation>
    </message>
    <message>
        <source>All Areas</source>
        <translation>Pob Ardal</translation>
    </message>
    <message>
        <source>{0} cases in {1} Areas</source>
        <translation>{0} achos mewn {1} Ardal</translation>
    </message>
</context>
<context>
    <name>DashboardJobs</name>
    <message>
        <source>Reading the central store…</source>
        <translation>Yn darllen y storfa ganolog…</translation>
    </message>
    <message>
        <source>Counting answers…</source>
        <translation>Yn cyfrif atebion…</translation>
    </message>
    <message>
        <source>Checking the evidence base…</source>
        <translation>Yn gwirio&apos;r sylfaen dystiolaeth…</translation>
    </message>
    <message>
        <source>Building the report…</source>
        <translation>Yn llunio&apos;r adroddiad…</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Yn ysgrifennu…</translation>
    </message>
</context>
<context>
    <name>DrawDialog</name>
    <message>
        <source>Draw second marking</source>
        <translation>Dewis achosion ar gyfer ail farcio</translation>
    </message>
    <message>
        <source>nobody yet</source>
        <translation>neb eto</translation>
    </message>
    <message numerus="yes">
        <source>%n second inspectors</source>
        <translation>
            <numerusform>%n ail arolygydd</numerusform>
            <numerusform>%n ail arolygydd</numerusform>
            <numerusform>%n ail arolygydd</numerusform>
            <numerusform>%n ail arolygydd</numerusform>
            <numerusform>%n ail arolygydd</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Seed {seed}: %n cases drawn for {who} ({percent}% of each inspector&apos;s cases, at least {least} per casework type).</source>
        <translation>
            <numerusform>Hedyn {seed}: %n achos wedi&apos;u dewis ar gyfer {who} ({percent}% o achosion pob arolygydd, o leiaf {least} fesul math o waith achos).</numerusform>
            <numerusform>Hedyn {seed}: %n achos wedi&apos;i ddewis ar gyfer {who} ({percent}% o achosion pob arolygydd, o leiaf {least} fesul math o waith achos).</numerusform>
            <numerusform>Hedyn {seed}: %n achos wedi&apos;u dewis ar gyfer {who} ({percent}% o achosion pob arolygydd, o leiaf {least} fesul math o waith achos).</numerusform>
            <numerusform>Hedyn {seed}: %n achos wedi&apos;u dewis ar gyfer {who} ({percent}% o achosion pob arolygydd, o leiaf {least} fesul math o waith achos).</numerusform>
            <numerusform>Hedyn {seed}: %n achos wedi&apos;u dewis ar gyfer {who} ({percent}% o achosion pob arolygydd, o leiaf {least} fesul math o waith achos).</numerusform>
        </translation>
    </message>
    <message>
        <source>Eligible cases (marked complete) per casework type: {0}.</source>
        <translation>Achosion cymwys (wedi&apos;u marcio&apos;n gyflawn) fesul math o waith achos: {0}.</translation>
    </message>
    <message numerus="yes">
        <source>{inspector}: %n cases, inspection {id}</source>
        <translation>
            <numerusform>{inspector}: %n achos, arolygiad {id}</numerusform>
            <numerusform>{inspector}: %n achos, arolygiad {id}</numerusform>
            <numerusform>{inspector}: %n achos, arolygiad {id}</numerusform>
            <numerusform>{inspector}: %n achos, arolygiad {id}</numerusform>
            <numerusform>{inspector}: %n achos, arolygiad {id}</numerusform>
        </translation>
    </message>
    <message>
        <source>  pack {0}</source>
        <translation>  pecyn {0}</translation>
    </message>
    <message>
        <source>  {ref}  first marked by {first}  -&gt;  second marked by {second}</source>
        <translation>  {ref}  marcio cyntaf gan {first}  -&gt;  ail farcio gan {second}</translation>
    </message>
    <message numerus="yes">
        <source>{title} ({id}): %n cases marked complete at the centre, marked by {who}. Eligible per casework type: {eligible}. Only cases marked complete are drawn.</source>
        <translation>
            <numerusform>{title} ({id}): %n achos wedi&apos;u marcio&apos;n gyflawn yn y ganolfan, wedi&apos;u marcio gan {who}. Cymwys fesul math o waith achos: {eligible}. Dim ond achosion sydd wedi&apos;u marcio&apos;n gyflawn a ddewisir.</numerusform>
            <numerusform>{title} ({id}): %n achos wedi&apos;i farcio&apos;n gyflawn yn y ganolfan, wedi&apos;i farcio gan {who}. Cymwys fesul math o waith achos: {eligible}. Dim ond achosion sydd wedi&apos;u marcio&apos;n gyflawn a ddewisir.</numerusform>
            <numerusform>{title} ({id}): %n achos wedi&apos;u marcio&apos;n gyflawn yn y ganolfan, wedi&apos;u marcio gan {who}. Cymwys fesul math o waith achos: {eligible}. Dim ond achosion sydd wedi&apos;u marcio&apos;n gyflawn a ddewisir.</numerusform>
            <numerusform>{title} ({id}): %n achos wedi&apos;u marcio&apos;n gyflawn yn y ganolfan, wedi&apos;u marcio gan {who}. Cymwys fesul math o waith achos: {eligible}. Dim ond achosion sydd wedi&apos;u marcio&apos;n gyflawn a ddewisir.</numerusform>
            <numerusform>{title} ({id}): %n achos wedi&apos;u marcio&apos;n gyflawn yn y ganolfan, wedi&apos;u marcio gan {who}. Cymwys fesul math o waith achos: {eligible}. Dim ond achosion sydd wedi&apos;u marcio&apos;n gyflawn a ddewisir.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unlocking the central keys…</source>
        <translation>Yn datgloi&apos;r allweddi canolog…</translation>
    </message>
    <message>
        <source>Drawing the cases and writing the packs…</source>
        <translation>Yn dewis yr achosion ac yn ysgrifennu&apos;r pecynnau…</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>Arolygiad</translation>
    </message>
    <message>
        <source>Inspection to draw from</source>
        <translation>Yr arolygiad i ddewis ohono</translation>
    </message>
    <message>
        <source>Share of each inspector&apos;s cases, in per cent</source>
        <translation>Cyfran achosion pob arolygydd, fel canran</translation>
    </message>
    <message>
        <source>&amp;Fraction of each inspector&apos;s cases:</source>
        <translation>&amp;Cyfran achosion pob arolygydd:</translation>
    </message>
    <message>
        <source>Minimum cases per casework type</source>
        <translation>Isafswm achosion fesul math o waith achos</translation>
    </message>
    <message>
        <source>&amp;Minimum per casework type:</source>
        <translation>&amp;Isafswm fesul math o waith achos:</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>Hedyn ar hap</translation>
    </message>
    <message>
        <source>Keep this number: the same seed draws the same cases.</source>
        <translation>Cadwch y rhif hwn: mae&apos;r un hedyn yn dewis yr un achosion.</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>&amp;Hedyn:</translation>
    </message>
    <message>
        <source>Note it down: the same seed draws the same cases.</source>
        <translation>Nodwch ef: mae&apos;r un hedyn yn dewis yr un achosion.</translation>
    </message>
    <message>
        <source>optional: names separated by commas</source>
        <translation>dewisol: enwau wedi&apos;u gwahanu gan atalnodau</translation>
    </message>
    <message>
        <source>Extra second inspectors</source>
        <translation>Ail arolygwyr ychwanegol</translation>
    </message>
    <message>
        <source>&amp;Extra second inspectors:</source>
        <translation>Ail arolygwyr &amp;ychwanegol:</translation>
    </message>
    <message>
        <source>Whoever marked the inspection second-marks too; never their own cases.</source>
        <translation>Mae pawb a farciodd yr arolygiad yn ail farcio hefyd; byth eu hachosion eu hunain.</translation>
    </message>
    <message>
        <source>folder to write the sample packs to</source>
        <translation>y ffolder i ysgrifennu&apos;r pecynnau sampl iddo</translation>
    </message>
    <message>
        <source>Output folder for the packs</source>
        <translation>Ffolder allbwn y pecynnau</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Pori…</translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation>Dewiswch y ffolder allbwn</translation>
    </message>
    <message>
        <source>&amp;Output folder:</source>
        <translation>&amp;Ffolder allbwn:</translation>
    </message>
    <message>
        <source>Central key passphrase</source>
        <translation>Cyfrinymadrodd yr allwedd ganolog</translation>
    </message>
    <message>
        <source>Central key &amp;passphrase:</source>
        <translation>C&amp;yfrinymadrodd yr allwedd ganolog:</translation>
    </message>
    <message>
        <source>Draw message</source>
        <translation>Neges y dewis</translation>
    </message>
    <message>
        <source>Cases drawn and packs written</source>
        <translation>Achosion wedi&apos;u dewis a phecynnau wedi&apos;u hysgrifennu</translation>
    </message>
    <message>
        <source>&amp;Draw</source>
        <translation>&amp;Dewis</translation>
    </message>
    <message>
        <source>Draw the cases and write the packs</source>
        <translation>Dewis yr achosion ac ysgrifennu&apos;r pecynnau</translation>
    </message>
    <message>
        <source>Close without drawing</source>
        <translation>Cau heb ddewis</translation>
    </message>
    <message>
        <source>Folder for the second-marking packs</source>
        <translation>Ffolder ar gyfer y pecynnau ail farcio</translation>
    </message>
    <message>
        <source>Give the seed as a whole number.</source>
        <translation>Rhowch yr hedyn fel rhif cyfan.</translation>
    </message>
    <message>
        <source>Choose the output folder for the packs.</source>
        <translation>Dewiswch y ffolder allbwn ar gyfer y pecynnau.</translation>
    </message>
    <message>
        <source>{path} is a file: choose a folder for the packs.</source>
        <translation>Ffeil yw {path}: dewiswch ffolder ar gyfer y pecynnau.</translation>
    </message>
    <message>
        <source>Give the central key passphrase.</source>
        <translation>Rhowch gyfrinymadrodd yr allwedd ganolog.</translation>
    </message>
    <message>
        <source>Drawing…</source>
        <translation>Yn dewis…</translation>
    </message>
    <message>
        <source>Drawing second marking</source>
        <translation>Yn dewis achosion ar gyfer ail farcio</translation>
    </message>
    <message>
        <source>Cancelled: nothing was drawn.</source>
        <translation>Wedi&apos;i ganslo: ni ddewiswyd dim.</translation>
    </message>
    <message>
        <source>Second marking drawn. Send each inspector their pack: they import it from the start page (Import a sample pack…) or with casereader pack import.</source>
        <translation>Achosion ail farcio wedi&apos;u dewis. Anfonwch ei becyn i bob arolygydd: maen nhw&apos;n ei fewnforio o&apos;r dudalen gychwyn (Mewnforio pecyn sampl…) neu â casereader pack import.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
</context>
<context>
    <name>EmptyInspection</name>
    <message>
        <source>No cases in this inspection yet</source>
        <translation>Dim achosion yn yr arolygiad hwn eto</translation>
    </message>
    <message>
        <source>Add the sample of case files to examine. Import a spreadsheet (CSV or XLSX) with a &lt;b&gt;reference&lt;/b&gt; column and, if you have them, the case details (casework type, charging route, outcome, flags) — the same file &lt;tt&gt;casereader sample import&lt;/tt&gt; takes. Or add one case at a time by its reference. A sample pack from the centre is imported from the start page.</source>
        <translation>Ychwanegwch y sampl o ffeiliau achos i&apos;w harchwilio. Mewnforiwch daenlen (CSV neu XLSX) gyda cholofn &lt;b&gt;reference&lt;/b&gt; ac, os oes gennych nhw, fanylion yr achos (math o waith achos, llwybr cyhuddo, canlyniad, baneri) — yr un ffeil ag y mae &lt;tt&gt;casereader sample import&lt;/tt&gt; yn ei chymryd. Neu ychwanegwch un achos ar y tro yn ôl ei gyfeirnod. Caiff pecyn sampl o&apos;r ganolfan ei fewnforio o&apos;r dudalen gychwyn.</translation>
    </message>
    <message>
        <source>Import a sample (CSV or XLSX)…</source>
        <translation>Mewnforio sampl (CSV neu XLSX)…</translation>
    </message>
    <message>
        <source>Add a case by reference…</source>
        <translation>Ychwanegu achos yn ôl cyfeirnod…</translation>
    </message>
</context>
<context>
    <name>FlagRow</name>
    <message>
        <source>Key {0} toggles it</source>
        <translation>Mae bysell {0} yn ei droi ymlaen neu i ffwrdd</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Baneri</translation>
    </message>
    <message>
        <source>Letters toggle: {0}. Enter confirms.</source>
        <translation>Llythrennau i&apos;w troi ymlaen neu i ffwrdd: {0}. Mae Enter yn cadarnhau.</translation>
    </message>
</context>
<context>
    <name>HeaderForm</name>
    <message>
        <source>Case detail; one key picks an option</source>
        <translation>Manylyn yr achos; mae un fysell yn dewis opsiwn</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation> (dewisol)</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Baneri</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Dewiswch…</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>BBBB-MM-DD</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Rhif</translation>
    </message>
</context>
<context>
    <name>InspectorChooser</name>
    <message>
        <source>Who is marking?</source>
        <translation>Pwy sy&apos;n marcio?</translation>
    </message>
    <message>
        <source>Choose your name. Every answer you give on this computer is recorded under it, and your marking sheets print it. You can change it later from the File menu.</source>
        <translation>Dewiswch eich enw. Caiff pob ateb a roddwch ar y cyfrifiadur hwn ei gofnodi o dan yr enw hwnnw, ac mae eich taflenni marcio yn ei argraffu. Gallwch ei newid yn nes ymlaen o&apos;r ddewislen Ffeil.</translation>
    </message>
    <message>
        <source>Inspectors of this inspection</source>
        <translation>Arolygwyr yr arolygiad hwn</translation>
    </message>
    <message>
        <source>&amp;Someone else (your full name):</source>
        <translation>&amp;Rhywun arall (eich enw llawn):</translation>
    </message>
    <message>
        <source>&amp;Your full name:</source>
        <translation>&amp;Eich enw llawn:</translation>
    </message>
    <message>
        <source>A name not in the list</source>
        <translation>Enw nad yw yn y rhestr</translation>
    </message>
</context>
<context>
    <name>IssueText</name>
    <message>
        <source>must be between {low} and {high}</source>
        <translation>rhaid iddo fod rhwng {low} a {high}</translation>
    </message>
    <message>
        <source>must be at least {low}</source>
        <translation>rhaid iddo fod o leiaf {low}</translation>
    </message>
    <message>
        <source>must be at most {high}</source>
        <translation>rhaid iddo fod yn {high} ar y mwyaf</translation>
    </message>
    <message>
        <source>no such question in this question set</source>
        <translation>nid oes cwestiwn o&apos;r fath yn y set gwestiynau hon</translation>
    </message>
    <message>
        <source>no such header field in this question set</source>
        <translation>nid oes maes pennawd o&apos;r fath yn y set gwestiynau hon</translation>
    </message>
    <message>
        <source>the case is locked: reopen it to change it</source>
        <translation>mae&apos;r achos wedi&apos;i gloi: ailagorwch ef i&apos;w newid</translation>
    </message>
    <message>
        <source>does not apply to this case</source>
        <translation>nid yw&apos;n berthnasol i&apos;r achos hwn</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not on the scale ({allowed})</source>
        <translation>nid yw &apos;{value}&apos; ar y raddfa ({allowed})</translation>
    </message>
    <message>
        <source>the same choice is given twice</source>
        <translation>rhoddir yr un dewis ddwywaith</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a number</source>
        <translation>nid yw &apos;{value}&apos; yn rhif</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a date (YYYY-MM-DD)</source>
        <translation>nid yw &apos;{value}&apos; yn ddyddiad (BBBB-MM-DD)</translation>
    </message>
    <message>
        <source>expected text</source>
        <translation>disgwylid testun</translation>
    </message>
    <message>
        <source>this question cannot be marked not applicable</source>
        <translation>ni ellir marcio&apos;r cwestiwn hwn fel un nad yw&apos;n berthnasol</translation>
    </message>
    <message>
        <source>&apos;{reason}&apos; is not one of the N/A reasons</source>
        <translation>nid yw &apos;{reason}&apos; yn un o&apos;r rhesymau Dd/B</translation>
    </message>
    <message>
        <source>an answer marked not applicable cannot also have a value</source>
        <translation>ni all ateb a farciwyd fel un nad yw&apos;n berthnasol gael gwerth hefyd</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not one of: {allowed}</source>
        <translation>nid yw &apos;{value}&apos; yn un o: {allowed}</translation>
    </message>
    <message>
        <source>expected yes or no</source>
        <translation>disgwylid ie neu na</translation>
    </message>
    <message>
        <source>not answered yet</source>
        <translation>heb ei ateb eto</translation>
    </message>
    <message>
        <source>write the evidence for &apos;{label}&apos; in the comment</source>
        <translation>ysgrifennwch y dystiolaeth ar gyfer &apos;{label}&apos; yn y sylw</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Iaith</translation>
    </message>
    <message>
        <source>S&amp;ystem default ({0})</source>
        <translation>Iaith y s&amp;ystem ({0})</translation>
    </message>
    <message>
        <source>Could not change the language</source>
        <translation>Methu newid yr iaith</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Casereader</source>
        <translation>Casereader</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Yn agor…</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>Yn agor {0}…</translation>
    </message>
    <message>
        <source>Could not open the inspection</source>
        <translation>Methu agor yr arolygiad</translation>
    </message>
    <message>
        <source>Choose who is marking to open the inspection.</source>
        <translation>Dewiswch pwy sy&apos;n marcio i agor yr arolygiad.</translation>
    </message>
    <message>
        <source>{0} — Casereader</source>
        <translation>{0} — Casereader</translation>
    </message>
    <message>
        <source>{0} · {1} · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <source>Marking as {0}</source>
        <translation>Yn marcio fel {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n cases added.</source>
        <translation>
            <numerusform>%n achos wedi&apos;u hychwanegu.</numerusform>
            <numerusform>%n achos wedi&apos;i ychwanegu.</numerusform>
            <numerusform>%n achos wedi&apos;u hychwanegu.</numerusform>
            <numerusform>%n achos wedi&apos;u hychwanegu.</numerusform>
            <numerusform>%n achos wedi&apos;u hychwanegu.</numerusform>
        </translation>
    </message>
    <message>
        <source>This case is complete, so it is read-only: reopen it to undo.</source>
        <translation>Mae&apos;r achos hwn yn gyflawn, felly mae&apos;n ddarllen-yn-unig: ailagorwch ef i ddadwneud.</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Dim byd i&apos;w ddadwneud.</translation>
    </message>
    <message>
        <source>Undone: {0} is back to its previous value.</source>
        <translation>Wedi&apos;i ddadwneud: mae {0} yn ôl i&apos;w werth blaenorol.</translation>
    </message>
    <message>
        <source>This case is already complete.</source>
        <translation>Mae&apos;r achos hwn eisoes yn gyflawn.</translation>
    </message>
    <message>
        <source>{0} marked complete.</source>
        <translation>{0} wedi&apos;i farcio&apos;n gyflawn.</translation>
    </message>
    <message>
        <source>{0} marked complete. PgDown opens the next case.</source>
        <translation>{0} wedi&apos;i farcio&apos;n gyflawn. Mae PgDown yn agor yr achos nesaf.</translation>
    </message>
    <message>
        <source>Saved ✓ {0}</source>
        <translation>Wedi&apos;i gadw ✓ {0}</translation>
    </message>
    <message>
        <source>Not saved ✗</source>
        <translation>Heb ei gadw ✗</translation>
    </message>
</context>
<context>
    <name>MarkingSession</name>
    <message>
        <source>Some answers are not saved yet: fix the save problem first.</source>
        <translation>Nid yw rhai atebion wedi&apos;u cadw eto: datryswch y broblem cadw yn gyntaf.</translation>
    </message>
</context>
<context>
    <name>MarksExport</name>
    <message>
        <source>Could not send the marks</source>
        <translation>Methu anfon y marciau</translation>
    </message>
    <message>
        <source>Nothing has changed since the last bundle.</source>
        <translation>Nid oes dim wedi newid ers y bwndel diwethaf.</translation>
    </message>
    <message>
        <source>Send marks to the centre</source>
        <translation>Anfon y marciau i&apos;r ganolfan</translation>
    </message>
    <message>
        <source>Marks bundles (*.crbundle)</source>
        <translation>Bwndeli marciau (*.crbundle)</translation>
    </message>
    <message>
        <source>Bundle {0} written to {1}: {2}, {3}. Take or sync it to the centre.</source>
        <translation>Bwndel {0} wedi&apos;i ysgrifennu i {1}: {2}, {3}. Ewch ag ef i&apos;r ganolfan neu ei gysoni.</translation>
    </message>
    <message numerus="yes">
        <source>%n cases</source>
        <translation>
            <numerusform>%n achos</numerusform>
            <numerusform>%n achos</numerusform>
            <numerusform>%n achos</numerusform>
            <numerusform>%n achos</numerusform>
            <numerusform>%n achos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n audit events</source>
        <translation>
            <numerusform>%n digwyddiad archwilio</numerusform>
            <numerusform>%n digwyddiad archwilio</numerusform>
            <numerusform>%n digwyddiad archwilio</numerusform>
            <numerusform>%n digwyddiad archwilio</numerusform>
            <numerusform>%n digwyddiad archwilio</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModerationQuery</name>
    <message>
        <source>Choose a disagreement first.</source>
        <translation>Dewiswch anghytundeb yn gyntaf.</translation>
    </message>
    <message>
        <source>Give the moderator&apos;s name.</source>
        <translation>Rhowch enw&apos;r cymedrolwr.</translation>
    </message>
    <message>
        <source>Ask the first marker</source>
        <translation>Gofyn i&apos;r marciwr cyntaf</translation>
    </message>
    <message>
        <source>Query to {who} on {case} {qid} (sent in the next query pack):</source>
        <translation>Ymholiad i {who} ar {case} {qid} (wedi&apos;i anfon yn y pecyn ymholiadau nesaf):</translation>
    </message>
    <message>
        <source>Query {id} opened on {case} {qid}; it goes to the inspector in the next query pack (casereader central query pack).</source>
        <translation>Agorwyd ymholiad {id} ar {case} {qid}; mae&apos;n mynd i&apos;r arolygydd yn y pecyn ymholiadau nesaf (casereader central query pack).</translation>
    </message>
</context>
<context>
    <name>ModerationWindow</name>
    <message>
        <source>Moderation</source>
        <translation>Safoni</translation>
    </message>
    <message>
        <source>Moderation of second marking</source>
        <translation>Safoni&apos;r ail farcio</translation>
    </message>
    <message>
        <source>&amp;Inspection:</source>
        <translation>&amp;Arolygiad:</translation>
    </message>
    <message>
        <source>Inspection to moderate</source>
        <translation>Yr arolygiad i&apos;w safoni</translation>
    </message>
    <message>
        <source>&amp;Draw second marking…</source>
        <translation>&amp;Dewis achosion ar gyfer ail farcio…</translation>
    </message>
    <message>
        <source>Choose cases for blind second marking and write the packs (Ctrl+D)</source>
        <translation>Dewis achosion ar gyfer ail farcio dall ac ysgrifennu&apos;r pecynnau (Ctrl+D)</translation>
    </message>
    <message>
        <source>Draw second marking</source>
        <translation>Dewis achosion ar gyfer ail farcio</translation>
    </message>
    <message>
        <source>Refres&amp;h</source>
        <translation>Adne&amp;wyddu</translation>
    </message>
    <message>
        <source>Refresh from the central store</source>
        <translation>Adnewyddu o&apos;r storfa ganolog</translation>
    </message>
    <message>
        <source>Reload marks that reached the central store (F5)</source>
        <translation>Ail-lwytho&apos;r marciau a gyrhaeddodd y storfa ganolog (F5)</translation>
    </message>
    <message>
        <source>As&amp;k the first marker…</source>
        <translation>&amp;Gofyn i&apos;r marciwr cyntaf…</translation>
    </message>
    <message>
        <source>Open a query to the first marker</source>
        <translation>Agor ymholiad i&apos;r marciwr cyntaf</translation>
    </message>
    <message>
        <source>Ask the first marker about the chosen mark, in the next query pack (Ctrl+Shift+Q)</source>
        <translation>Gofyn i&apos;r marciwr cyntaf am y marc a ddewiswyd, yn y pecyn ymholiadau nesaf (Ctrl+Shift+Q)</translation>
    </message>
    <message>
        <source>Second marking summary</source>
        <translation>Crynodeb o&apos;r ail farcio</translation>
    </message>
    <message>
        <source>Disagreements between first and second marks</source>
        <translation>Anghytundebau rhwng y marciau cyntaf a&apos;r ail farciau</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Achos</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Cwestiwn</translation>
    </message>
    <message>
        <source>First mark</source>
        <translation>Marc cyntaf</translation>
    </message>
    <message>
        <source>First comment</source>
        <translation>Sylw cyntaf</translation>
    </message>
    <message>
        <source>Second mark</source>
        <translation>Ail farc</translation>
    </message>
    <message>
        <source>Second comment</source>
        <translation>Ail sylw</translation>
    </message>
    <message>
        <source>Agreed mark</source>
        <translation>Marc y cytunwyd arno</translation>
    </message>
    <message>
        <source>Record the agreed mark</source>
        <translation>Cofnodi&apos;r marc y cytunwyd arno</translation>
    </message>
    <message>
        <source>Choose a disagreement on the left.</source>
        <translation>Dewiswch anghytundeb ar y chwith.</translation>
    </message>
    <message>
        <source>Question being moderated</source>
        <translation>Y cwestiwn sy&apos;n cael ei safoni</translation>
    </message>
    <message>
        <source>First and second marks with their comments</source>
        <translation>Y marciau cyntaf a&apos;r ail farciau gyda&apos;u sylwadau</translation>
    </message>
    <message>
        <source>Reason the question does not apply</source>
        <translation>Y rheswm nad yw&apos;r cwestiwn yn berthnasol</translation>
    </message>
    <message>
        <source>N/A reason:</source>
        <translation>Rheswm Dd/B:</translation>
    </message>
    <message>
        <source>Comment on the agreed mark</source>
        <translation>Sylw ar y marc y cytunwyd arno</translation>
    </message>
    <message>
        <source>Co&amp;mment:</source>
        <translation>&amp;Sylw:</translation>
    </message>
    <message>
        <source>Why this is the agreed mark (required)</source>
        <translation>Pam mai hwn yw&apos;r marc y cytunwyd arno (gofynnol)</translation>
    </message>
    <message>
        <source>Reason for the agreed mark</source>
        <translation>Rheswm dros y marc y cytunwyd arno</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Rheswm:</translation>
    </message>
    <message>
        <source>Moderator&apos;s name</source>
        <translation>Enw&apos;r safonwr</translation>
    </message>
    <message>
        <source>M&amp;oderator:</source>
        <translation>Saf&amp;onwr:</translation>
    </message>
    <message>
        <source>Re&amp;cord agreed mark</source>
        <translation>&amp;Cofnodi&apos;r marc y cytunwyd arno</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>Moderation message</source>
        <translation>Neges safoni</translation>
    </message>
    <message>
        <source>No marking inspection in the central store yet: import the inspectors&apos; bundles first.</source>
        <translation>Dim arolygiad marcio yn y storfa ganolog eto: mewnforiwch fwndeli&apos;r arolygwyr yn gyntaf.</translation>
    </message>
    <message>
        <source>Second marking was drawn on {at} with seed {seed}</source>
        <translation>Dewiswyd yr achosion ar gyfer ail farcio ar {at} gyda hedyn {seed}</translation>
    </message>
    <message numerus="yes">
        <source>Second marking not drawn yet: %n cases marked complete at the centre (per casework type: {eligible}). Use Draw second marking… to choose cases.</source>
        <translation>
            <numerusform>Achosion ail farcio heb eu dewis eto: %n achos wedi&apos;u marcio&apos;n gyflawn yn y ganolfan (fesul math o waith achos: {eligible}). Defnyddiwch Dewis achosion ar gyfer ail farcio… i ddewis achosion.</numerusform>
            <numerusform>Achosion ail farcio heb eu dewis eto: %n achos wedi&apos;i farcio&apos;n gyflawn yn y ganolfan (fesul math o waith achos: {eligible}). Defnyddiwch Dewis achosion ar gyfer ail farcio… i ddewis achosion.</numerusform>
            <numerusform>Achosion ail farcio heb eu dewis eto: %n achos wedi&apos;u marcio&apos;n gyflawn yn y ganolfan (fesul math o waith achos: {eligible}). Defnyddiwch Dewis achosion ar gyfer ail farcio… i ddewis achosion.</numerusform>
            <numerusform>Achosion ail farcio heb eu dewis eto: %n achos wedi&apos;u marcio&apos;n gyflawn yn y ganolfan (fesul math o waith achos: {eligible}). Defnyddiwch Dewis achosion ar gyfer ail farcio… i ddewis achosion.</numerusform>
            <numerusform>Achosion ail farcio heb eu dewis eto: %n achos wedi&apos;u marcio&apos;n gyflawn yn y ganolfan (fesul math o waith achos: {eligible}). Defnyddiwch Dewis achosion ar gyfer ail farcio… i ddewis achosion.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Second marking drawn: %n packs written.</source>
        <translation>
            <numerusform>Achosion ail farcio wedi&apos;u dewis: %n pecyn wedi&apos;u hysgrifennu.</numerusform>
            <numerusform>Achosion ail farcio wedi&apos;u dewis: %n pecyn wedi&apos;i ysgrifennu.</numerusform>
            <numerusform>Achosion ail farcio wedi&apos;u dewis: %n pecyn wedi&apos;u hysgrifennu.</numerusform>
            <numerusform>Achosion ail farcio wedi&apos;u dewis: %n pecyn wedi&apos;u hysgrifennu.</numerusform>
            <numerusform>Achosion ail farcio wedi&apos;u dewis: %n pecyn wedi&apos;u hysgrifennu.</numerusform>
        </translation>
    </message>
    <message>
        <source>{drawn} cases drawn for second marking (seed {seed}), {awaiting} awaiting second marks; {pairs} pairs on {cases} cases; {open} disagreements to resolve, {done} resolved</source>
        <translation>{drawn} achos wedi&apos;u dewis ar gyfer ail farcio (hedyn {seed}), {awaiting} yn aros am ail farciau; {pairs} pâr ar {cases} achos; {open} anghytundeb i&apos;w datrys, {done} wedi&apos;u datrys</translation>
    </message>
    <message>
        <source>{case}, {qid}: {text}</source>
        <translation>{case}, {qid}: {text}</translation>
    </message>
    <message>
        <source>First ({who}): {mark}</source>
        <translation>Cyntaf ({who}): {mark}</translation>
    </message>
    <message>
        <source>Second ({who}): {mark}</source>
        <translation>Ail ({who}): {mark}</translation>
    </message>
    <message>
        <source>{mark} — “{comment}”</source>
        <translation>{mark} — “{comment}”</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>Ddim yn berthnasol</translation>
    </message>
    <message>
        <source>Agreed mark: {label}</source>
        <translation>Marc y cytunwyd arno: {label}</translation>
    </message>
    <message>
        <source>Choose a disagreement first.</source>
        <translation>Dewiswch anghytundeb yn gyntaf.</translation>
    </message>
    <message>
        <source>Choose the agreed mark.</source>
        <translation>Dewiswch y marc y cytunwyd arno.</translation>
    </message>
    <message>
        <source>Give the reason for the agreed mark.</source>
        <translation>Rhowch y rheswm dros y marc y cytunwyd arno.</translation>
    </message>
    <message>
        <source>Give the moderator&apos;s name.</source>
        <translation>Rhowch enw&apos;r safonwr.</translation>
    </message>
    <message>
        <source>Recorded {mark} for {case} {qid}; both original marks are kept.</source>
        <translation>Cofnodwyd {mark} ar gyfer {case} {qid}; cedwir y ddau farc gwreiddiol.</translation>
    </message>
</context>
<context>
    <name>NaReason</name>
    <message>
        <source>Reason {0} is not applicable</source>
        <translation>Y rheswm nad yw {0} yn berthnasol</translation>
    </message>
    <message>
        <source>Reason for N/A: press its number (Enter skips)</source>
        <translation>Rheswm Dd/B: pwyswch ei rif (mae Enter yn hepgor)</translation>
    </message>
    <message>
        <source>Reason for N/A (optional)</source>
        <translation>Rheswm Dd/B (dewisol)</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <source>Notice</source>
        <translation>Hysbysiad</translation>
    </message>
</context>
<context>
    <name>PrintingBridge</name>
    <message>
        <source>{0} of {1} sheets</source>
        <translation>{0} o {1} taflen</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>Iawn</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ie</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Na</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Cadw</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Agor</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Cymorth</translation>
    </message>
</context>
<context>
    <name>QueryAnswerDialog</name>
    <message>
        <source>Answer the centre&apos;s query</source>
        <translation>Ateb ymholiad y ganolfan</translation>
    </message>
    <message>
        <source>The whole case</source>
        <translation>Yr achos cyfan</translation>
    </message>
    <message>
        <source>{0} asked on {1}: {2}</source>
        <translation>Gofynnodd {0} ar {1}: {2}</translation>
    </message>
    <message>
        <source>Your earlier answer: {0}</source>
        <translation>Eich ateb blaenorol: {0}</translation>
    </message>
    <message>
        <source>&amp;Your answer</source>
        <translation>&amp;Eich ateb</translation>
    </message>
    <message>
        <source>Keep the mark as it is</source>
        <translation>Cadw&apos;r marc fel y mae</translation>
    </message>
    <message>
        <source>Keep the mark as it is ({0})</source>
        <translation>Cadw&apos;r marc fel y mae ({0})</translation>
    </message>
    <message>
        <source>&amp;Mark</source>
        <translation>&amp;Marc</translation>
    </message>
    <message>
        <source>&amp;Send answer</source>
        <translation>&amp;Anfon yr ateb</translation>
    </message>
</context>
<context>
    <name>QuestionWidget</name>
    <message>
        <source>Question {0}: {1}</source>
        <translation>Cwestiwn {0}: {1}</translation>
    </message>
    <message>
        <source>Guidance (G)</source>
        <translation>Canllawiau (G)</translation>
    </message>
    <message>
        <source>Show guidance for {0}</source>
        <translation>Dangos canllawiau ar gyfer {0}</translation>
    </message>
    <message>
        <source>Answer {0}; key {1}</source>
        <translation>Ateb {0}; bysell {1}</translation>
    </message>
    <message>
        <source>Answer to {0}</source>
        <translation>Ateb i {0}</translation>
    </message>
    <message>
        <source>Date, YYYY-MM-DD</source>
        <translation>Dyddiad, BBBB-MM-DD</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Rhif</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ateb</translation>
    </message>
    <message>
        <source>0   N/A</source>
        <translation>0   Dd/B</translation>
    </message>
    <message>
        <source>Not applicable; key 0</source>
        <translation>Ddim yn berthnasol; bysell 0</translation>
    </message>
    <message>
        <source>Comment / evidence (C)</source>
        <translation>Sylw / tystiolaeth (C)</translation>
    </message>
    <message>
        <source>Comment or evidence for {0}</source>
        <translation>Sylw neu dystiolaeth ar gyfer {0}</translation>
    </message>
    <message>
        <source>Saved as you type. Escape returns to the question.</source>
        <translation>Caiff ei gadw wrth i chi deipio. Mae Escape yn dychwelyd i&apos;r cwestiwn.</translation>
    </message>
    <message>
        <source>, 0 not applicable</source>
        <translation>, 0 ddim yn berthnasol</translation>
    </message>
    <message>
        <source>Keys: {0}. C comment, Delete clears.</source>
        <translation>Bysellau: {0}. C sylw, Delete yn clirio.</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Heb ei gadw</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Gofynnol</translation>
    </message>
</context>
<context>
    <name>Round</name>
    <message>
        <source>baseline</source>
        <translation>sylfaenol</translation>
    </message>
    <message>
        <source>follow-up</source>
        <translation>dilynol</translation>
    </message>
</context>
<context>
    <name>SaveBanner</name>
    <message>
        <source>Save problem</source>
        <translation>Problem cadw</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Rhoi cynnig arall arni</translation>
    </message>
    <message>
        <source>Save the answers that did not save</source>
        <translation>Cadw&apos;r atebion na chawsant eu cadw</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Diystyru</translation>
    </message>
    <message>
        <source>Not saved: {0} The answer stays on the form, marked “Not saved”; use Try again once the problem is fixed.</source>
        <translation>Heb ei gadw: {0} Mae&apos;r ateb yn aros ar y ffurflen, wedi&apos;i farcio “Heb ei gadw”; defnyddiwch Rhoi cynnig arall arni ar ôl datrys y broblem.</translation>
    </message>
</context>
<context>
    <name>ScoreTableModel</name>
    <message>
        <source>National (pooled)</source>
        <translation>Cenedlaethol (cyfun)</translation>
    </message>
    <message>
        <source>National (mean of Areas)</source>
        <translation>Cenedlaethol (cymedr yr Ardaloedd)</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Ardal</translation>
    </message>
    <message>
        <source>n answers</source>
        <translation>n ateb</translation>
    </message>
    <message>
        <source>n answers: the scored answers behind the figure</source>
        <translation>n ateb: yr atebion a sgoriwyd y tu ôl i&apos;r ffigur</translation>
    </message>
    <message>
        <source>The mean of Areas weighs each Area equally: it has no count of answers</source>
        <translation>Mae cymedr yr Ardaloedd yn rhoi pwysau cyfartal i bob Ardal: nid oes ganddo gyfrif o atebion</translation>
    </message>
</context>
<context>
    <name>ShortcutOverlay</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Llwybrau byr y bysellfwrdd</translation>
    </message>
    <message>
        <source>Every answer is saved the moment you give it. Esc closes this list.</source>
        <translation>Caiff pob ateb ei gadw cyn gynted ag y byddwch yn ei roi. Mae Esc yn cau&apos;r rhestr hon.</translation>
    </message>
    <message>
        <source>The keys are the same in Cymraeg and English.</source>
        <translation>Mae&apos;r bysellau yr un fath yn Gymraeg ac yn Saesneg.</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Answering</source>
        <translation>Ateb</translation>
    </message>
    <message>
        <source>Answer with the option that shows the key</source>
        <translation>Ateb gyda&apos;r opsiwn sy&apos;n dangos y fysell</translation>
    </message>
    <message>
        <source>Yes / No on yes-no questions</source>
        <translation>Ie / Na ar gwestiynau ie-na</translation>
    </message>
    <message>
        <source>Not applicable (where allowed)</source>
        <translation>Ddim yn berthnasol (lle caniateir)</translation>
    </message>
    <message>
        <source>0  then  1 2 …</source>
        <translation>0  yna  1 2 …</translation>
    </message>
    <message>
        <source>N/A with that reason (Enter: none)</source>
        <translation>Dd/B gyda&apos;r rheswm hwnnw (Enter: dim)</translation>
    </message>
    <message>
        <source>Choose the reason for N/A</source>
        <translation>Dewis y rheswm Dd/B</translation>
    </message>
    <message>
        <source>C  or  Enter</source>
        <translation>C  neu  Enter</translation>
    </message>
    <message>
        <source>Write a comment / evidence note</source>
        <translation>Ysgrifennu sylw / nodyn tystiolaeth</translation>
    </message>
    <message>
        <source>Leave the comment, back to the question</source>
        <translation>Gadael y sylw, yn ôl i&apos;r cwestiwn</translation>
    </message>
    <message>
        <source>Clear the answer</source>
        <translation>Clirio&apos;r ateb</translation>
    </message>
    <message>
        <source>Show or hide the guidance</source>
        <translation>Dangos neu guddio&apos;r canllawiau</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>Symud</translation>
    </message>
    <message>
        <source>Next / previous, then the case list</source>
        <translation>Nesaf / blaenorol, yna&apos;r rhestr achosion</translation>
    </message>
    <message>
        <source>↓ ↑  or  J  K</source>
        <translation>↓ ↑  neu  J  K</translation>
    </message>
    <message>
        <source>Next / previous question</source>
        <translation>Cwestiwn nesaf / blaenorol</translation>
    </message>
    <message>
        <source>Next / previous case in the list</source>
        <translation>Achos nesaf / blaenorol yn y rhestr</translation>
    </message>
    <message>
        <source>Find a case by reference</source>
        <translation>Dod o hyd i achos yn ôl cyfeirnod</translation>
    </message>
    <message>
        <source>Go to the case details (header)</source>
        <translation>Mynd i fanylion yr achos (pennawd)</translation>
    </message>
    <message>
        <source>Go to the to-do list</source>
        <translation>Mynd i&apos;r rhestr i&apos;w gwneud</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Achos</translation>
    </message>
    <message>
        <source>Mark the case complete (it becomes read-only)</source>
        <translation>Marcio&apos;r achos yn gyflawn (daw&apos;n ddarllen-yn-unig)</translation>
    </message>
    <message>
        <source>Reopen a complete case (asks first)</source>
        <translation>Ailagor achos cyflawn (mae&apos;n gofyn yn gyntaf)</translation>
    </message>
    <message>
        <source>Undo the last change (audited)</source>
        <translation>Dadwneud y newid diwethaf (caiff ei gofnodi)</translation>
    </message>
    <message>
        <source>Case summary: scores, answers, history</source>
        <translation>Crynodeb o&apos;r achos: sgoriau, atebion, hanes</translation>
    </message>
    <message>
        <source>Print the case sheet (PDF)</source>
        <translation>Argraffu taflen yr achos (PDF)</translation>
    </message>
    <message>
        <source>Send the marks to the centre (bundle)</source>
        <translation>Anfon y marciau i&apos;r ganolfan (bwndel)</translation>
    </message>
    <message>
        <source>F1  or  ?</source>
        <translation>F1  neu  ?</translation>
    </message>
    <message>
        <source>This list of shortcuts</source>
        <translation>Y rhestr hon o lwybrau byr</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <source>Queries from the centre on this case</source>
        <translation>Ymholiadau gan y ganolfan ar yr achos hwn</translation>
    </message>
    <message>
        <source>Enter or a double click answers the query</source>
        <translation>Mae Enter neu glic dwbl yn ateb yr ymholiad</translation>
    </message>
    <message>
        <source>Still to do on this case</source>
        <translation>I&apos;w wneud o hyd ar yr achos hwn</translation>
    </message>
    <message>
        <source>Enter or a click goes to the question</source>
        <translation>Mae Enter neu glic yn mynd i&apos;r cwestiwn</translation>
    </message>
    <message>
        <source>Changed since review: signed off by {0} on {1}, changed after.</source>
        <translation>Wedi newid ers yr adolygiad: cymeradwywyd gan {0} ar {1}, newidiwyd wedyn.</translation>
    </message>
    <message>
        <source>Signed off by {0} on {1}.</source>
        <translation>Cymeradwywyd gan {0} ar {1}.</translation>
    </message>
    <message numerus="yes">
        <source>%n queries from the centre to answer</source>
        <translation>
            <numerusform>%n ymholiad gan y ganolfan i&apos;w hateb</numerusform>
            <numerusform>%n ymholiad gan y ganolfan i&apos;w ateb</numerusform>
            <numerusform>%n ymholiad gan y ganolfan i&apos;w hateb</numerusform>
            <numerusform>%n ymholiad gan y ganolfan i&apos;w hateb</numerusform>
            <numerusform>%n ymholiad gan y ganolfan i&apos;w hateb</numerusform>
        </translation>
    </message>
    <message>
        <source>The case</source>
        <translation>Yr achos</translation>
    </message>
    <message>
        <source>to answer</source>
        <translation>i&apos;w ateb</translation>
    </message>
    <message>
        <source>answered, with the centre</source>
        <translation>wedi&apos;i ateb, gyda&apos;r ganolfan</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>wedi&apos;i gau</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <source>Save state</source>
        <translation>Cyflwr cadw</translation>
    </message>
    <message>
        <source>Cases complete in this inspection</source>
        <translation>Achosion cyflawn yn yr arolygiad hwn</translation>
    </message>
    <message>
        <source>Who is marking</source>
        <translation>Pwy sy&apos;n marcio</translation>
    </message>
    <message>
        <source>{0} of {1} cases complete</source>
        <translation>{0} o {1} achos yn gyflawn</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <source>N/A</source>
        <translation>Dd/B</translation>
    </message>
    <message>
        <source>Case summary — {0}</source>
        <translation>Crynodeb o&apos;r achos — {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; · {1} · {2} of {3} applicable questions answered</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; · {1} · {2} o {3} cwestiwn perthnasol wedi&apos;u hateb</translation>
    </message>
    <message>
        <source>Case summary</source>
        <translation>Crynodeb o&apos;r achos</translation>
    </message>
    <message>
        <source>Measure or theme</source>
        <translation>Mesur neu thema</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Pwyntiau</translation>
    </message>
    <message>
        <source>Out of</source>
        <translation>Allan o</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Sgôr</translation>
    </message>
    <message>
        <source>Answers (n)</source>
        <translation>Atebion (n)</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>Sgoriau</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Cwestiwn</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ateb</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Sylw</translation>
    </message>
    <message>
        <source>All answers; select one to see its history</source>
        <translation>Pob ateb; dewiswch un i weld ei hanes</translation>
    </message>
    <message>
        <source>(not answered)</source>
        <translation>(heb ei ateb)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Pryd</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Pwy</translation>
    </message>
    <message>
        <source>From</source>
        <translation>O</translation>
    </message>
    <message>
        <source>To</source>
        <translation>I</translation>
    </message>
    <message>
        <source>History of the selected answer</source>
        <translation>Hanes yr ateb a ddewiswyd</translation>
    </message>
    <message>
        <source>Select an answer to see its history.</source>
        <translation>Dewiswch ateb i weld ei hanes.</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Atebion</translation>
    </message>
    <message>
        <source>Kept answer</source>
        <translation>Ateb a gadwyd</translation>
    </message>
    <message>
        <source>Answers kept but excluded because their question no longer applies</source>
        <translation>Atebion a gadwyd ond na chânt eu cyfrif oherwydd nad yw eu cwestiwn yn berthnasol mwyach</translation>
    </message>
    <message>
        <source>Kept but excluded ({0})</source>
        <translation>Wedi&apos;u cadw ond heb eu cyfrif ({0})</translation>
    </message>
    <message numerus="yes">
        <source>History of {0} (%n changes)</source>
        <translation>
            <numerusform>Hanes {0} (%n newid)</numerusform>
            <numerusform>Hanes {0} (%n newid)</numerusform>
            <numerusform>Hanes {0} (%n newid)</numerusform>
            <numerusform>Hanes {0} (%n newid)</numerusform>
            <numerusform>Hanes {0} (%n newid)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Casereader</source>
        <translation>Casereader</translation>
    </message>
    <message>
        <source>Mark a sample of case files against an inspection question set — offline, every answer saved as you go.</source>
        <translation>Marciwch sampl o ffeiliau achos yn erbyn set gwestiynau arolygiad — all-lein, gyda phob ateb yn cael ei gadw wrth i chi fynd.</translation>
    </message>
    <message>
        <source>Inspections on this computer</source>
        <translation>Arolygiadau ar y cyfrifiadur hwn</translation>
    </message>
    <message>
        <source>Enter opens the inspection</source>
        <translation>Mae Enter yn agor yr arolygiad</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Agor</translation>
    </message>
    <message>
        <source>New inspection</source>
        <translation>Arolygiad newydd</translation>
    </message>
    <message>
        <source>Question set</source>
        <translation>Set gwestiynau</translation>
    </message>
    <message>
        <source>e.g. Wessex</source>
        <translation>e.e. Wessex</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Ardal</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Cylch</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Sylfaenol</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Dilynol</translation>
    </message>
    <message>
        <source>Question &amp;set</source>
        <translation>&amp;Set gwestiynau</translation>
    </message>
    <message>
        <source>&amp;Area</source>
        <translation>&amp;Ardal</translation>
    </message>
    <message>
        <source>&amp;Round</source>
        <translation>&amp;Cylch</translation>
    </message>
    <message>
        <source>Create inspection</source>
        <translation>Creu arolygiad</translation>
    </message>
    <message>
        <source>Get started</source>
        <translation>Dechrau arni</translation>
    </message>
    <message>
        <source>Import a sample pack…</source>
        <translation>Mewnforio pecyn sampl…</translation>
    </message>
    <message>
        <source>The inspection and its case sample, from the centre</source>
        <translation>Yr arolygiad a&apos;i sampl o achosion, o&apos;r ganolfan</translation>
    </message>
    <message>
        <source>Open the demo inspection</source>
        <translation>Agor yr arolygiad arddangos</translation>
    </message>
    <message>
        <source>90 fictional cases in a separate demo data folder</source>
        <translation>90 achos ffuglennol mewn ffolder data arddangos ar wahân</translation>
    </message>
    <message>
        <source>Data folder: {0}</source>
        <translation>Ffolder data: {0}</translation>
    </message>
    <message>
        <source>No inspections yet: create one, import a sample pack or open the demo.</source>
        <translation>Dim arolygiadau eto: crëwch un, mewnforiwch becyn sampl neu agorwch yr arddangosiad.</translation>
    </message>
    <message>
        <source>Could not create the inspection</source>
        <translation>Methu creu&apos;r arolygiad</translation>
    </message>
    <message>
        <source>Import a sample pack</source>
        <translation>Mewnforio pecyn sampl</translation>
    </message>
    <message>
        <source>Sample or query packs (*.zip *.crpack);;All files (*)</source>
        <translation>Pecynnau sampl neu ymholiadau (*.zip *.crpack);;Pob ffeil (*)</translation>
    </message>
    <message>
        <source>Checking {0}…</source>
        <translation>Yn gwirio {0}…</translation>
    </message>
    <message>
        <source>Importing the sample pack</source>
        <translation>Yn mewnforio&apos;r pecyn sampl</translation>
    </message>
    <message>
        <source>Could not import the sample pack</source>
        <translation>Methu mewnforio&apos;r pecyn sampl</translation>
    </message>
</context>
<context>
    <name>WindowMenu</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Ffeil</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Golygu</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>&amp;Achos</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Cymorth</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>G&amp;osodiadau</translation>
    </message>
    <message>
        <source>&amp;Start page</source>
        <translation>&amp;Tudalen gychwyn</translation>
    </message>
    <message>
        <source>&amp;Import a sample (CSV or XLSX)…</source>
        <translation>&amp;Mewnforio sampl (CSV neu XLSX)…</translation>
    </message>
    <message>
        <source>A&amp;dd a case…</source>
        <translation>&amp;Ychwanegu achos…</translation>
    </message>
    <message>
        <source>&amp;Who is marking…</source>
        <translation>Pwy sy&apos;n ma&amp;rcio…</translation>
    </message>
    <message>
        <source>&amp;Print case sheet</source>
        <translation>&amp;Argraffu taflen yr achos</translation>
    </message>
    <message>
        <source>Print &amp;all case sheets…</source>
        <translation>Argraffu &amp;pob taflen achos…</translation>
    </message>
    <message>
        <source>S&amp;end marks to the centre…</source>
        <translation>A&amp;nfon y marciau i&apos;r ganolfan…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Gadael</translation>
    </message>
    <message>
        <source>&amp;Undo last change</source>
        <translation>&amp;Dadwneud y newid diwethaf</translation>
    </message>
    <message>
        <source>&amp;Find a case…</source>
        <translation>Dod o &amp;hyd i achos…</translation>
    </message>
    <message>
        <source>Mark &amp;complete</source>
        <translation>Marcio&apos;n &amp;gyflawn</translation>
    </message>
    <message>
        <source>&amp;Reopen for editing…</source>
        <translation>&amp;Ailagor i&apos;w olygu…</translation>
    </message>
    <message>
        <source>Case &amp;summary</source>
        <translation>&amp;Crynodeb o&apos;r achos</translation>
    </message>
    <message>
        <source>&amp;Next case</source>
        <translation>Achos &amp;nesaf</translation>
    </message>
    <message>
        <source>&amp;Previous case</source>
        <translation>Achos &amp;blaenorol</translation>
    </message>
    <message>
        <source>Case &amp;details</source>
        <translation>&amp;Manylion yr achos</translation>
    </message>
    <message>
        <source>&amp;To-do list</source>
        <translation>&amp;Rhestr i&apos;w gwneud</translation>
    </message>
    <message>
        <source>&amp;Queries from the centre</source>
        <translation>&amp;Ymholiadau gan y ganolfan</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Llwybrau byr y bysellfwrdd</translation>
    </message>
    <message>
        <source>&amp;About Casereader</source>
        <translation>&amp;Ynghylch Casereader</translation>
    </message>
    <message>
        <source>Could not open the demo</source>
        <translation>Methu agor yr arddangosiad</translation>
    </message>
    <message>
        <source>&lt;p&gt;This inspection: {0}, question set {1} (sha256 {2}…).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Yr arolygiad hwn: {0}, set gwestiynau {1} (sha256 {2}…).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Casereader</source>
        <translation>Ynghylch Casereader</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Casereader {0}&lt;/h3&gt;&lt;p&gt;Case file examination for HMCPSI inspectors: guided marking against a question set, marking sheets, signed and encrypted marks bundles, central reports and moderation.&lt;/p&gt;{1}&lt;p&gt;Data folder: {2}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Casereader {0}&lt;/h3&gt;&lt;p&gt;Archwilio ffeiliau achos ar gyfer arolygwyr Arolygiaeth Gwasanaeth Erlyn y Goron EF: marcio dan arweiniad yn erbyn set gwestiynau, taflenni marcio, bwndeli marciau wedi&apos;u llofnodi a&apos;u hamgryptio, adroddiadau canolog a safoni.&lt;/p&gt;{1}&lt;p&gt;Ffolder data: {2}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Could not print the case sheet</source>
        <translation>Methu argraffu taflen yr achos</translation>
    </message>
    <message>
        <source>Case sheet written to {0}</source>
        <translation>Taflen yr achos wedi&apos;i hysgrifennu i {0}</translation>
    </message>
    <message>
        <source>Printing every case sheet</source>
        <translation>Yn argraffu pob taflen achos</translation>
    </message>
    <message>
        <source>Printing cancelled.</source>
        <translation>Argraffu wedi&apos;i ganslo.</translation>
    </message>
    <message>
        <source>Only a complete case needs reopening; this one is {0}.</source>
        <translation>Dim ond achos cyflawn y mae angen ei ailagor; mae hwn {0}.</translation>
    </message>
    <message>
        <source>Reopen {0}?</source>
        <translation>Ailagor {0}?</translation>
    </message>
    <message>
        <source>{0} is marked complete. Reopen it to change its answers? It goes back to in progress until you mark it complete again, and the reopening is recorded under your name ({1}).</source>
        <translation>Mae {0} wedi&apos;i farcio&apos;n gyflawn. Ei ailagor i newid ei atebion? Bydd yn mynd yn ôl i ‘ar y gweill’ nes i chi ei farcio&apos;n gyflawn eto, a chaiff yr ailagor ei gofnodi o dan eich enw ({1}).</translation>
    </message>
    <message>
        <source>Reopen for editing</source>
        <translation>Ailagor i&apos;w olygu</translation>
    </message>
    <message>
        <source>Could not reopen the case</source>
        <translation>Methu ailagor yr achos</translation>
    </message>
    <message>
        <source>{0} reopened: you can change it now; mark it complete again when done.</source>
        <translation>Mae {0} wedi&apos;i ailagor: gallwch ei newid nawr; marciwch ef yn gyflawn eto pan fyddwch wedi gorffen.</translation>
    </message>
    <message>
        <source>The centre has sent no queries on this case.</source>
        <translation>Nid yw&apos;r ganolfan wedi anfon ymholiadau ar yr achos hwn.</translation>
    </message>
    <message>
        <source>This query is closed</source>
        <translation>Mae&apos;r ymholiad hwn wedi&apos;i gau</translation>
    </message>
    <message>
        <source>{0} closed it on {1}; it needs no answer.</source>
        <translation>Caeodd {0} ef ar {1}; nid oes angen ateb.</translation>
    </message>
    <message>
        <source>Could not answer the query</source>
        <translation>Methu ateb yr ymholiad</translation>
    </message>
    <message>
        <source>Answer to the query saved; it goes to the centre with the next marks bundle.</source>
        <translation>Ateb i&apos;r ymholiad wedi&apos;i gadw; mae&apos;n mynd i&apos;r ganolfan gyda&apos;r bwndel marciau nesaf.</translation>
    </message>
    <message>
        <source>Could not change who is marking</source>
        <translation>Methu newid pwy sy&apos;n marcio</translation>
    </message>
    <message>
        <source>Marking as {0}</source>
        <translation>Yn marcio fel {0}</translation>
    </message>
    <message>
        <source>{0} case sheets written to {1}</source>
        <translation>{0} taflen achos wedi&apos;u hysgrifennu i {1}</translation>
    </message>
</context>
</TS>
