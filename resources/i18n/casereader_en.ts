<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CaseForm</name>
    <message numerus="yes">
        <source>Not marked complete: %n things still to do, listed on the right.</source>
        <translation>
            <numerusform>Not marked complete: %n thing still to do, listed on the right.</numerusform>
            <numerusform>Not marked complete: %n things still to do, listed on the right.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CentralDashboard</name>
    <message numerus="yes">
        <source>Not exported: a final report needs a secure evidence base, and %n things stand in the way:</source>
        <translation>
            <numerusform>Not exported: a final report needs a secure evidence base, and %n thing stands in the way:</numerusform>
            <numerusform>Not exported: a final report needs a secure evidence base, and %n things stand in the way:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DrawDialog</name>
    <message numerus="yes">
        <source>{title} ({id}): %n cases marked complete at the centre, marked by {who}. Eligible per casework type: {eligible}. Only cases marked complete are drawn.</source>
        <translation>
            <numerusform>{title} ({id}): %n case marked complete at the centre, marked by {who}. Eligible per casework type: {eligible}. Only cases marked complete are drawn.</numerusform>
            <numerusform>{title} ({id}): %n cases marked complete at the centre, marked by {who}. Eligible per casework type: {eligible}. Only cases marked complete are drawn.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second inspectors</source>
        <translation>
            <numerusform>%n second inspector</numerusform>
            <numerusform>%n second inspectors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Seed {seed}: %n cases drawn for {who} ({percent}% of each inspector&apos;s cases, at least {least} per casework type).</source>
        <translation>
            <numerusform>Seed {seed}: %n case drawn for {who} ({percent}% of each inspector&apos;s cases, at least {least} per casework type).</numerusform>
            <numerusform>Seed {seed}: %n cases drawn for {who} ({percent}% of each inspector&apos;s cases, at least {least} per casework type).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{inspector}: %n cases, inspection {id}</source>
        <translation>
            <numerusform>{inspector}: %n case, inspection {id}</numerusform>
            <numerusform>{inspector}: %n cases, inspection {id}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n cases added.</source>
        <translation>
            <numerusform>%n case added.</numerusform>
            <numerusform>%n cases added.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MarksExport</name>
    <message numerus="yes">
        <source>%n cases</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n audit events</source>
        <translation>
            <numerusform>%n audit event</numerusform>
            <numerusform>%n audit events</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModerationWindow</name>
    <message numerus="yes">
        <source>Second marking not drawn yet: %n cases marked complete at the centre (per casework type: {eligible}). Use Draw second marking… to choose cases.</source>
        <translation>
            <numerusform>Second marking not drawn yet: %n case marked complete at the centre (per casework type: {eligible}). Use Draw second marking… to choose cases.</numerusform>
            <numerusform>Second marking not drawn yet: %n cases marked complete at the centre (per casework type: {eligible}). Use Draw second marking… to choose cases.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Second marking drawn: %n packs written.</source>
        <translation>
            <numerusform>Second marking drawn: %n pack written.</numerusform>
            <numerusform>Second marking drawn: %n packs written.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message numerus="yes">
        <source>%n queries from the centre to answer</source>
        <translation>
            <numerusform>%n query from the centre to answer</numerusform>
            <numerusform>%n queries from the centre to answer</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message numerus="yes">
        <source>History of {0} (%n changes)</source>
        <translation>
            <numerusform>History of {0} (%n change)</numerusform>
            <numerusform>History of {0} (%n changes)</numerusform>
        </translation>
    </message>
</context>
</TS>
