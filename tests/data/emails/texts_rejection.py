"""Hand-written rejection texts for the corpus (see build.py for the slots)."""

from __future__ import annotations

from corpus import T

# Slots: {cand} candidate first name, {company}, {role}, {rname}/{rfirst} the writer,
# {mgr}/{mgrfirst} a hiring manager, {greet} a greeting line, {sig} a signature block,
# {team} a team name, {day} a weekday.

FORM_EN = [
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Your application to {company}", "Update on your application", "{company} - {role}"],
        """{greet}

Thank you for your interest in {company} and for applying to the {role} position.

After careful review of your application, we have decided to move forward with other candidates whose experience more closely matches our current needs.

We appreciate the time you invested and wish you the best in your job search.

{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Thank you from {company}", "Your {company} application"],
        """{greet}

Thanks for applying for the {role} role. We received a large number of applications and, unfortunately, we will not be moving forward with yours at this time.

We'd encourage you to keep an eye on our careers page, as new roles open regularly.

{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "noreply",
        ["Application status: {role}", "Regarding your application"],
        """Dear Candidate,

This message concerns your application for {role} (Req #{req}).

The position has now been filled. We will keep your profile in our talent community and may contact you if a suitable vacancy arises.

Please do not reply to this email; this mailbox is not monitored.

{company} Talent Acquisition""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["{role} at {company}"],
        """{greet}

We wanted to let you know that we've reviewed your application for {role} and, while your background is impressive, we won't be progressing your application any further.

This is never an easy message to send. The volume of strong applicants was higher than we expected.

All the best,
{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Update regarding your application", "Your application"],
        """{greet}

Thank you for considering {company} as your next employer.

We have carefully reviewed your qualifications for the {role} opening. Although your profile is interesting, we have chosen to pursue other applicants for this position.

We will retain your information and encourage you to apply for future openings that match your skills.

Sincerely,
{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["{company}: your application"],
        """{greet}

Thanks so much for your interest in joining us as {role}. We really appreciate you taking the time to apply.

We've now had a chance to look at your application in detail and unfortunately we've decided not to move forward at this time. We know this isn't the news you were hoping for.

Because of the number of applications we get we aren't able to give individual feedback, but we wish you every success.

{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "noreply",
        ["Your application for {role}", "Application update"],
        """{greet}

We regret to inform you that your application for the position of {role} was not successful on this occasion.

Thank you for the interest you have shown in {company}.

Kind regards,
{sig}

This is an automated message. Please do not reply.""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Thanks for applying to {company}!"],
        """Hey {cand}!

Thanks for throwing your hat in the ring for the {role} role 🙌

We read every application by hand, and we have to be honest: this time we're going with folks whose experience lines up a bit more with what the team needs right now.

Please don't let this put you off. We're growing fast and would genuinely love to see your name again.

Cheers,
{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["{company} | {role}"],
        """{greet}

Unfortunately we will not be proceeding with your application for {role}.

Regards,
{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Your candidacy at {company}", "{role} - application outcome"],
        """{greet}

Thank you for applying to {company}. We appreciate your interest in the {role} role and the time you spent on your application.

We have reviewed your background against the requirements of this position and have decided to move ahead with candidates whose skills are a closer match. This decision was not easy given the strength of the applicant pool.

We hope you will consider us again in the future. You can set up job alerts on our careers site to hear about new openings.

Best regards,
{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "noreply",
        ["Important information about your application"],
        """{greet}

Your application for {role} has been reviewed. At this time we are unable to offer you an interview for this vacancy.

We receive many applications for each position and can only invite a small number of candidates to the next stage.

Thank you again for your interest in working with {company}.

{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Re: {role} application", "Following up on your application"],
        """{greet}

I hope this email finds you well.

I'm writing to let you know that the hiring team has reviewed your application, and unfortunately we don't think it's the right match for this particular role. The position requires hands-on experience with a few things that weren't reflected in your resume.

We appreciate you thinking of {company}, and we'd be happy to hear from you again for roles that fit your background.

{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Your application to {company}"],
        """{greet}

Thank you for applying for the {role} position. We regret to let you know that the role has been put on hold and we are closing all open applications for it.

We apologise for the inconvenience and thank you for your patience.

{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["An update from {company}", "{company} application update"],
        """{greet}

Thanks for your recent application to {company}.

We've had an overwhelming response to this role and after much consideration we have decided not to take your application further.

Your details will stay on file for six months, in line with our privacy policy, in case a more suitable role comes up.

With best wishes,
{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Your application"],
        """{greet}

We appreciate your interest in {company}. After reviewing your application for the {role} position, we have determined that other candidates better meet the needs of the role. As a result, you have not been selected to move forward in the process.

We encourage you to explore other opportunities with us.

{sig}""",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["We've made a decision on your application"],
        """{greet}

Thank you for taking the time to apply for {role}.

Every application we receive is read by a member of our team. On this occasion we've decided to focus on applicants with more direct experience in this area, so we won't be inviting you to interview.

We know job hunting takes a lot of energy. Thank you for spending some of it on us.

Warmly,
{sig}""",
    ),
]

PERSONAL_EN = [
    T(
        "rejection",
        "personal",
        "recruiter_screen",
        "recruiter",
        ["Following up", "Re: {role} - next steps", "Our conversation last week"],
        """{greet}

Thanks again for making the time to speak with me on {day}. I enjoyed hearing about your work and what you're looking for next.

I've since discussed our call with the hiring manager, and we've decided not to move forward to the next stage. The main reason is that the role needs someone who has owned {team} work end to end, and we felt that wasn't quite there yet.

I'd be glad to stay in touch and reach out if something closer to your background opens up.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "final_round",
        "manager",
        ["Re: Final round", "Thank you", "{role} - decision"],
        """{greet}

I wanted to write to you personally. Thank you for the time you put into the final round last week, including the presentation; the whole panel enjoyed meeting you.

It was a genuinely close decision, but we've offered the role to another candidate whose experience with {team} is a little deeper.

Some feedback in case it's useful: your product thinking stood out, and the panel felt your answers on prioritisation were some of the best we heard. Where we wanted more was on managing stakeholders in a larger organisation.

I hope we cross paths again.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "hiring_manager",
        "recruiter",
        ["Update after your interview with {mgrfirst}"],
        """{greet}

Thank you for interviewing with {mgr} on {day}. I appreciate the time and effort you put into preparing.

After discussing it with the team, we've decided to move forward with another candidate for the {role} role. {mgrfirst} mentioned that you were very strong on fundamentals but that the team is looking for someone with more hands-on experience leading {team} projects.

Please don't hesitate to apply again in the future; we'd be happy to hear from you.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "final_round",
        "recruiter",
        ["Re: Onsite follow-up", "Your onsite at {company}"],
        """{greet}

I hope you had a good weekend. First of all, thank you for spending a full day with us at the onsite. I know it's a lot.

I'm sorry to say that we won't be extending an offer this time. The team was split, and in the end they went with a candidate who had more direct experience in {team}.

I'd really like to keep in touch. If you'd like to hop on a short call, I'm happy to walk you through the interviewers' notes.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "recruiter_screen",
        "recruiter",
        ["Thank you for your time"],
        """{greet}

It was great chatting with you yesterday about the {role} opening.

Having thought it over, I don't think this particular role is the right fit right now: the team needs someone based in the office four days a week, and I know that doesn't work for you.

Let's definitely stay in touch.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "hiring_manager",
        "manager",
        ["Re: Technical interview"],
        """{greet}

Thanks for the technical interview on {day} and for working through the design problem with us. It was clear you'd thought carefully about the trade-offs.

We've decided not to proceed with your application. The feedback from the interviewers was that your solution was solid, but we're hiring for someone who can go deeper on distributed systems from day one, and we didn't see enough of that in the session.

I appreciate your interest in {company} and wish you well.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "final_round",
        "recruiter",
        ["{role}"],
        """{greet}

I'll get straight to it since I know you've been waiting: we've decided to go with another finalist.

This was honestly one of the hardest calls we've had this year. Everyone who met you during the final interviews liked you a lot, and {mgrfirst} asked me to tell you specifically that your case study was excellent.

The deciding factor was people management: the other candidate has managed a team of eight for several years.

We'd love to keep the door open. I'll reach out if anything fits.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        None,
        "recruiter",
        ["Re: Interview", "Re: Following up"],
        """{greet}

Thank you for your patience while we finished our interviews.

I'm sorry to share that we won't be moving forward with your candidacy. I know you put a lot into the process and I'm grateful for it.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "hiring_manager",
        "manager",
        ["Our chat on {day}"],
        """{greet}

I really appreciated our conversation on {day} — it was fun comparing notes on {team}.

I've now met all the candidates for the role, and I've decided to go in a different direction. The role ended up needing more backend depth than I had originally scoped, and that's a gap I didn't want to ask anyone to fill in their first months.

None of that is a reflection on what you brought to the table. If you're open to it, I'd like to connect on LinkedIn.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "final_round",
        "recruiter",
        ["Re: Final interviews at {company}"],
        """{greet}

Thank you for coming through the final stage with us, and for your patience — I know the last few days have been slow.

Unfortunately it's not good news this time. The panel chose a candidate who had already done the exact migration we are planning.

Since you asked for feedback at the end of your last conversation: the team loved your energy and the questions you asked. The area they'd push on is quantifying impact; several of your examples described what you did but not what changed because of it.

Please do keep us in mind. I'd be happy to be a reference point for you.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "recruiter_screen",
        "recruiter",
        ["Quick update"],
        """Hi {cand},

Short note after our phone screen. The hiring team has decided to prioritise candidates with fintech experience for this one, so I won't be able to move you on.

Thanks for the good conversation, and best of luck!

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "hiring_manager",
        "recruiter",
        ["Update on the {role} role"],
        """{greet}

I wanted to follow up after your interviews with {mgrfirst} and the team last week.

The team have decided to proceed with other candidates at this stage. They enjoyed talking with you, but felt that your experience leans more towards consulting than in-house product work, which is what they need.

I'm sorry I don't have better news. Thank you for all your time.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "final_round",
        "manager",
        ["Thank you, {cand}"],
        """{cand},

I wanted you to hear this from me rather than from an automated email. After the final round we've decided to offer the position to someone else.

You were a strong finalist. I'd love to keep in touch, and if you're open to it I'll let you know when we open the second {role} seat early next year.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "hiring_manager",
        "recruiter",
        ["Re: Take-home assignment"],
        """{greet}

Thank you for completing the take-home assignment and for walking us through it on {day}.

The reviewers agreed that the code was clean and well tested. However, they felt the solution didn't address the scaling part of the brief, which is central to the role, so we will not be moving you forward to the final stage.

I know take-homes are a big investment of time, and I'm grateful you made it.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        None,
        "recruiter",
        ["Re: Next steps"],
        """{greet}

Thanks for your time with us over the past few weeks. After a lot of discussion, we're not going to move forward. It was close.

Wishing you all the best — and thank you again.

{sig}""",
    ),
    T(
        "rejection",
        "personal",
        "recruiter_screen",
        "recruiter",
        ["Your conversation with {company}"],
        """{greet}

Thank you for taking the time to chat about the {role} position earlier this week.

After reviewing the details of our conversation with the hiring manager, we've concluded that your salary expectations and the budget for this role are too far apart for us to move forward. I wanted to be transparent about that rather than leave you wondering.

If things change on our side, you'll be the first person I call.

{sig}""",
    ),
]

MULTI = [
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Ihre Bewerbung bei {company}", "Ihre Bewerbung als {role}"],
        """Sehr geehrte(r) {cand},

vielen Dank für Ihre Bewerbung als {role} und das damit verbundene Interesse an {company}.

Nach sorgfältiger Prüfung Ihrer Unterlagen müssen wir Ihnen leider mitteilen, dass wir Ihre Bewerbung nicht weiter berücksichtigen können. Wir haben uns für Kandidatinnen und Kandidaten entschieden, deren Profil noch besser zu den Anforderungen passt.

Wir wünschen Ihnen für Ihren weiteren beruflichen Weg alles Gute und viel Erfolg.

Mit freundlichen Grüßen
{sig}""",
        lang="de",
    ),
    T(
        "rejection",
        "personal",
        "hiring_manager",
        "recruiter",
        ["Rückmeldung zu unserem Gespräch", "AW: Gespräch am {day}"],
        """Hallo {cand},

vielen Dank für das angenehme Gespräch mit {mgrfirst} und mir. Wir haben uns sehr gefreut, dich kennenzulernen.

Leider müssen wir dir mitteilen, dass wir uns für eine andere Kandidatin entschieden haben, die mehr Erfahrung im Bereich {team} mitbringt. Fachlich hat uns dein Vortrag überzeugt, für diese Rolle hätten wir uns aber mehr Führungserfahrung gewünscht.

Wir würden gern in Kontakt bleiben.

Viele Grüße
{sig}""",
        lang="de",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Absage: {role}", "Deine Bewerbung bei {company}"],
        """Hallo {cand},

danke, dass du dich bei uns als {role} beworben hast.

Wir haben sehr viele Bewerbungen erhalten und uns die Entscheidung nicht leicht gemacht. Leider können wir dir diesmal keine Zusage geben.

Schau gern wieder auf unserer Karriereseite vorbei.

Beste Grüße
{sig}""",
        lang="de",
    ),
    T(
        "rejection",
        "personal",
        "final_round",
        "manager",
        ["Unser Gespräch in der finalen Runde"],
        """Liebe(r) {cand},

danke für Ihre Zeit in der finalen Runde und die gute Vorbereitung auf die Fallstudie.

Die Entscheidung ist uns schwergefallen, doch wir haben uns für einen anderen Bewerber entschieden. Als Rückmeldung: Ihre Analyse war sehr stark, bei der Präsentation vor der Geschäftsführung hätten wir uns etwas mehr Klarheit gewünscht.

Alles Gute für Sie.

Herzliche Grüße
{sig}""",
        lang="de",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Votre candidature chez {company}", "Suite à votre candidature"],
        """Bonjour {cand},

Nous vous remercions de l'intérêt que vous portez à {company} et de votre candidature au poste de {role}.

Après une étude attentive de votre profil, nous avons le regret de vous informer que nous ne pouvons pas y donner une suite favorable. Nous avons retenu des candidatures correspondant davantage à nos besoins actuels.

Nous vous souhaitons une bonne continuation dans vos recherches.

Cordialement,
{sig}""",
        lang="fr",
    ),
    T(
        "rejection",
        "personal",
        "hiring_manager",
        "recruiter",
        ["Retour sur notre entretien"],
        """Bonjour {cand},

Merci encore pour notre entretien de {day} avec {mgrfirst}. Nous avons beaucoup apprécié notre échange.

Malheureusement, nous avons choisi un autre candidat dont l'expérience en {team} est plus directement liée au poste. Votre réflexion sur le produit nous a plu, mais nous aurions souhaité plus d'expérience terrain.

Je reste à votre disposition et espère que nos chemins se recroiseront.

Bien à vous,
{sig}""",
        lang="fr",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "noreply",
        ["Votre candidature - {role}"],
        """Madame, Monsieur,

Votre candidature n'a pas été retenue pour le poste de {role}. En raison du nombre important de candidatures reçues, nous ne sommes pas en mesure de vous apporter une réponse personnalisée.

Merci de ne pas répondre à ce message automatique.

{sig}""",
        lang="fr",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "ats",
        ["Tu candidatura en {company}", "Actualización de tu candidatura"],
        """Hola {cand}:

Gracias por tu interés en {company} y por presentar tu candidatura al puesto de {role}.

Tras revisar tu perfil, lamentamos informarte de que hemos decidido continuar con otros candidatos cuyo perfil se ajusta más a las necesidades del puesto.

Guardaremos tus datos para futuras oportunidades. Te deseamos mucho éxito en tu búsqueda.

Un saludo,
{sig}""",
        lang="es",
    ),
    T(
        "rejection",
        "personal",
        "final_round",
        "recruiter",
        ["Sobre la entrevista final"],
        """Hola {cand}:

Muchas gracias por tu tiempo en la entrevista final con el equipo. Disfrutamos mucho de la conversación.

Lamentablemente, hemos optado por otra persona con más experiencia en {team}. Nos gustó mucho tu forma de comunicar; como comentario, nos hubiera gustado ver más ejemplos con resultados medibles.

Espero que sigamos en contacto.

Saludos cordiales,
{sig}""",
        lang="es",
    ),
    T(
        "rejection",
        "form",
        "applied",
        "noreply",
        ["Proceso de selección: {role}"],
        """Estimado/a {cand}:

Le agradecemos su participación en el proceso de selección para la vacante de {role}.

Lamentamos comunicarle que su candidatura no ha sido seleccionada para continuar en el proceso. Debido al gran número de solicitudes recibidas, no podemos ofrecer comentarios individuales.

Atentamente,
{sig}""",
        lang="es",
    ),
    T(
        "rejection",
        "personal",
        "recruiter_screen",
        "recruiter",
        ["Suite à notre échange téléphonique"],
        """Bonjour {cand},

Merci pour notre premier échange téléphonique de mardi.

Après discussion avec l'équipe, nous avons décidé de ne pas poursuivre avec votre candidature : le poste demande une présence sur site à Lyon que vous ne pouvez pas envisager pour le moment.

Je garde votre profil en tête pour la suite.

Belle journée,
{sig}""",
        lang="fr",
    ),
    T(
        "rejection",
        "personal",
        "recruiter_screen",
        "recruiter",
        ["Nach unserem Telefonat"],
        """Hallo {cand},

danke nochmal für das Telefonat am {day}.

Wir haben intern gesprochen und werden den Prozess mit dir leider nicht fortsetzen, weil die Stelle fließendes Niederländisch voraussetzt.

Ich melde mich, wenn etwas Passendes frei wird.

Viele Grüße
{sig}""",
        lang="de",
    ),
]
