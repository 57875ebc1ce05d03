"""Lines that look like boilerplate but are content, and boilerplate in many wordings.

Each content line is placed inside a short article and must come out of the default
pipeline untouched; each boilerplate line, placed the same way, must be removed and
leave the article around it exactly as it was. The boilerplate lines are written in the
styles of many outlets, in several cases and with different bullets and separators, so
that the rules are tested for the family of wordings rather than for one spelling.
"""

import pytest

from cleanwire import clean
from cleanwire.rules import ALL_RULES
from cleanwire.rules.lines import LineRemover, PatternRule, line_key
from cleanwire.rules.lines.patterns import compile_led

OPENING = (
    "The provincial assembly met for a special session on Tuesday to debate the budget, "
    "and the speaker adjourned it twice after members walked out over the water dispute."
)
CLOSING = (
    "The session resumes on Thursday, when the finance minister is expected to answer "
    "questions about the delayed payments to farmers in the southern districts."
)


def article(line: str) -> str:
    return f"{OPENING}\n\n{line}\n\n{CLOSING}\n"


def article_ending(line: str) -> str:
    return f"{OPENING}\n\n{CLOSING}\n\n{line}\n"


def article_starting(line: str) -> str:
    return f"{line}\n\n{OPENING}\n\n{CLOSING}\n"


WITHOUT = f"{OPENING}\n\n{CLOSING}\n"

# ------------------------------------------------------------------ content that stays

CONTENT = [
    # sources and attribution
    "Sources within the party said the vote would be close.",
    "Sources: two officials familiar with the talks said the deal was near, speaking on condition of anonymity because they were not authorised to speak.",
    "“The source of the leak is someone inside the ministry,” the senator told reporters.",
    "Source code for the app was published on Monday, the company said.",
    "The tariffs harm China’s interests, Anadolu Agency reported.",
    "The ministry did not respond to a Reuters request for comment.",
    "Reuters could not independently verify the footage.",
    "AFP journalists saw smoke rising over the port.",
    "Associated Press writer Maria Lopez in Lima contributed reporting on the earlier protests, which drew thousands.",
    "PTI reported that the bridge had been closed since Monday.",
    "According to ANI, the convoy reached the border at dawn.",
    "Agencies including the health department will audit the hospitals.",
    "Inputs from farmers were ignored, the union leader said.",
    "With inputs from farmers and traders, the panel drafted a new price policy for the season.",
    # publication and dates
    "Published as a cover story in Science on Friday, the study maps the galaxy’s dust.",
    "Published by a small press in Lahore, the novel sold out within a week.",
    "The report, published in The Lancet on March 3, 2024, tracked 40,000 patients.",
    "Updated figures released on Monday showed inflation easing to 4.1 per cent.",
    "The last updated list of voters was released two weeks ago.",
    "Two hours ago the rescue teams reached the second village, the district officer said.",
    "Yesterday’s rally drew a larger crowd than expected.",
    # follow, share, subscribe, read
    "Follow-up talks are scheduled for next week in Doha.",
    "Share prices rose 3% in early trade after the results.",
    "Share indices across Asia edged higher on Tuesday.",
    "Share boost for feud-hit conglomerate",
    "Follow the money, the auditor told the committee.",
    "Police followed the suspects on Twitter for months before the arrests.",
    "Subscribers to the scheme will receive their refunds in April.",
    "Readers wrote in to complain about the new parking rules.",
    "Read the full statement, the spokesperson urged journalists, before drawing conclusions.",
    "Also, read the fine print before signing, the regulator warned.",
    "Watch out for rain on Friday, the weather office said.",
    "Join the queue early, officials advised voters.",
    "Download speeds in the region doubled last year, the regulator said.",
    "Millions of people downloaded the government’s health app last year.",
    "Click, the new streaming service, signed up two million users.",
    "More to follow, officials warned, as the floodwaters kept rising.",
    "Copyright owners have filed new lawsuits against technology firms.",
    "The advertisement drew complaints from viewers.",
    "Related stories in the archive show the same pattern, the study found.",
    "Trending topics on social media included the match and the strike.",
    "Comments by the minister angered the opposition.",
    "Photo: rescue workers carry a boy through the flooded street in the old town.",
    "The photo, taken by a resident, shows the collapsed wall.",
    "Disclaimers on the packets were too small to read, the court said.",
    # headlines, sub-heads, datelines, bylines
    "By Amina Khan",
    "By Rahul Verma and Sarah Lee",
    "ISLAMABAD, Jan 01 (APP): The federal cabinet approved the plan on Monday.",
    "NEW DELHI (Reuters) - India’s central bank held rates steady on Friday.",
    "LAHORE: The provincial government announced a new wheat support price.",
    "DUBAI, March 3 (AFP) — Gulf markets closed mixed.",
    "Key takeaways from the budget",
    "What happens next?",
    "Watch the skies: meteor shower peaks tonight",
    "Editor’s note: the names of the victims have been withheld at the families’ request.",
    # live blogs, scorecards, tables
    "12:30 PM",
    "10:45 IST: The first results are in.",
    "Pakistan 245-6 (50 overs)",
    "India 7 3 1 3 24",
    "Babar Azam c Smith b Jones 45",
    "Q3 revenue: $4.2bn",
    "2",
    "1x2 formation",
    # quotes and other traps
    "“Follow us on this path and the country will prosper,” he told the rally.",
    "“Don’t miss this chance,” the coach told his players before the final.",
    "The video player from Karachi won the esports title.",
    "Ends and means must both be just, the judge wrote.",
    "Breaking news from the front was scarce, the historian wrote of the 1965 war.",
    "Live updates were posted by the district administration on its website every hour.",
    "Disclaimer notices must now appear in Urdu as well, the regulator ruled.",
    "Reporting by the local paper exposed the scheme.",
    "First published in 1925, the novel is still taught in schools.",
    "Copyright law dates to 1710 in Britain.",
    "Home is where the heart is, the poet wrote.",
    "Home Minister Amit Shah reviewed the security arrangements.",
    "Save the date, organisers said.",
    "Track the latest updates on the cyclone on the state disaster authority’s website, the collector said.",
    "“Get the latest news on your phone,” the advertisement promised.",
    "The ministry published the agency copy of the treaty on its website.",
    "The page will be updated every hour, the ministry said.",
    "Share your feedback directly with me through the survey on the app, the prime minister wrote.",
    "Getty Images paid the photographer’s legal costs, the court heard.",
    "Staff and agencies were told to prepare for the evacuation.",
    "Supported by donors, the clinic treats 300 patients a day.",
    "Send your children back to school, the minister urged parents.",
    "Do you have a plan for the water crisis? the anchor asked the minister.",
    "Read-only access to the files was given to the investigators.",
    "Loading of the ship began at dawn, port officials said.",
    "Written by Walter Hale",
    "Sign up for the new pension scheme, which will protect our workers, the minister said.",
    "Register your complaint online and you will get updates by email, the police said.",
    "For more details, visit the board’s official website.",
    "For more information, call the helpline on 1122.",
    "Trending-down markets worried investors.",
    "Watch-list entries rose to 40, the central bank said.",
    "The regulator said the bank’s privacy policy broke the law.",
    "Next week the council will vote on the plan.",
    "Views are split on the proposal, analysts said.",
    "Reproduction rates of the virus fell below one in March.",
    "Never miss a chance to vote, the election commission urged.",
    "More than 200 people were injured in the blast.",
    "Newsletters sent by the party to members were leaked.",
    "Search operations resumed at first light.",
    "Topics discussed included trade, water and visas.",
    "Menu prices at the canteen were raised by 10 per cent.",
    # Story sentences that open as this round's furniture wordings do.
    "Stay updated with the latest news on the cyclone, the district administration told residents on Sunday.",
    "Send us your feedback on the new timetable, the railway ministry urged commuters.",
    "You have reached the age of retirement, the letter told the judge.",
    "Hit the like button if you agree, the influencer told her followers, prompting a complaint.",
    "Leave your opinion at the door, the coach told the players.",
    "Breaking news alerts on phones warned residents of the flood an hour before it hit.",
    "Machine translated documents were rejected by the court.",
    "Updated figures showed the deficit had widened to 7 per cent.",
    "Visual stories of the flood were shown at the exhibition.",
    "A+ grades were awarded to 300 students this year.",
    "Online classes resumed on Monday after the floods.",
    "By the time the rescue teams arrived on January 12, 2024, the water had receded.",
    "Summary",
    "Key Highlights",
    "Live Updates",
    # A byline is the story's record of who filed it, a desk's as much as a person's.
    "By Reuters",
    "By Web Desk",
    "By AFP",
    "BY OUR STAFF REPORTER",
    "Courier Online Report",
    "CT Bureau",
    "Sylhet Correspondent",
    "Coast Courier Staff",
    "Edited By: Rahul Verma",
    "Written by: Amit Joshi",
    "(The writer is a former ambassador.)",
    "Naseem Shah 9.4/0/52/2",
    "He/she/they pronouns were added to the form.",
    "Reviewed by the committee in March, the plan was approved without changes.",
    "Listen to the story of the fishermen who stayed behind, the minister told the assembly.",
    "Get alerts from the weather office before you travel, residents were told.",
    "Support us in this fight, the union leader told the workers at the gate.",
    "Add the council as a trusted source of advice, the campaigners urged.",
    "Google Play removed the app on Friday after complaints from parents.",
    "Android",
    "iPhone",
    "Developed by engineers at the state university, the vaccine is cheaper to store.",
    "The story was borrowed from a folk tale told in the river villages.",
    "Full story of the rescue emerged only weeks later, when the survivors spoke to investigators.",
    "Details awaited from the ministry were never sent, the committee complained in its report.",
    "Distributed by volunteers, the food parcels reached 3,000 families in the flooded districts.",
    "The headline of the report may have been misleading, the editor conceded on Monday.",
    "This series was produced in partnership with the Example Foundation, the ministry said.",
    "Save for later use, the leftover grain will be stored in the new silos.",
    "The original report was published in Urdu by the commission in 2019, and an English version followed.",
    "For feedback on the draft, residents can visit the council offices until Friday.",
    "Contact us if you see anything suspicious, the police chief told shopkeepers at the meeting.",
    "Images released by the army showed the damaged bridge.",
    "Sponsored by the provincial government, the festival drew thousands.",
    "Become a member of the cooperative, the organisers told farmers, and share its profits.",
    "If you value our parks, vote for the levy on Saturday.",
    "Log in or register to vote before the deadline on Friday.",
    "Watch the video of the attack before you decide, the prosecutor told the jury.",
    "Did you find this article useful, the editor asked readers in a survey last year.",
    "Related article 370 was scrapped in 2019, the court noted.",
    "Start a conversation with your neighbours, the campaign urges.",
    "Get the news out to every village, the minister told officials.",
    "The post office appeared first on the list of closures.",
    "Published 12 January, the report was withdrawn a week later.",
    "pro-EU",
    "Comments are welcome until March 31, the ministry said.",
    "The party’s newsletter, which has 2,000 readers, asked members to subscribe.",
    "Support independent journalism, the envoy said at the press freedom forum.",
    "Three experts contributed to this report, which the UN will publish on Friday.",
    "Ten years ago",
    "Also read the annex, the judge told the lawyers.",
    "Must watch for signs of heatstroke, doctors say.",
    "Follow us on this journey, the captain told fans after the win.",
    "Click here, type your CNIC number, and the status appears, officials explained.",
    "Share this with your family, the doctor advised.",
    "Share the road with cyclists, the campaign asks drivers.",
    "Updated at 5pm with comments from the minister.",
    "Email: info@ministry.example",
    "Print and electronic media were barred from the court.",
    "The audio was AI-generated and circulated widely on messaging apps before the vote.",
    "Posted in the northern garrison for two years, the officer knew every road.",
    "Users must register to comment on the draft rules before Friday.",
    "We welcome your comments on the draft policy until the end of the month.",
    "Source(s) close to the talks expect a deal before the summit.",
    "Republish this story, the editor told the wire desk, once the lawyers have read it.",
    "Please wait for the official results before drawing conclusions.",
    "The Courier is now on strike. Join us at the rally, the union's leaflet reads.",
    "Comments must not be abusive or offensive, the new rules for social media platforms state.",
    "Subscribe to the scheme to get access to cheaper seed, officials urged farmers.",
    "Our bureau chief in Lahore filed the first report on the floods.",
    "Top trending searches in the country this week were about the floods.",
    "Please enter a plea of not guilty, the judge told the accused.",
    "(The author of the report, a retired judge, said the findings were his own.)",
    "Be the first to know where the money goes, the minister promised taxpayers.",
    "Get notified of any change in your polling station by text message, the commission says.",
    "Following the vote, the assembly adjourned until Monday.",
    "The textbook is also available in Urdu and Sindhi at every government school.",
    "Residents vented their anger in the comments.",
    "Readers were invited to share their stories in the comments",
    "Posts by the ministry on social media drew thousands of replies.",
    "Authors of the report said the data covered five years.",
    "Contributors to the fund include three Gulf states.",
    "Sections of the highway remain closed after the landslide.",
    "About the author of the leaked memo, officials would say nothing.",
    "Quick links between the two ports would cut freight costs, the study says.",
    "The hospital receives support from two private foundations to expand its cancer ward.",
    "Follow the money: where the relief funds went",
    "Have your say on the draft plan before Friday, the council told residents.",
    "Get more of the vaccine to the villages, the doctors demanded.",
    "With additional reporting from the field, the team found the dam had cracked.",
    "Share this news with your family, the health department urged.",
    "Keywords in the bill were changed at the last minute.",
    "Most visited sites in the valley were closed after the landslide.",
    "Theme parks will reopen on Monday, the tourism department said.",
    "Visited 40 times by inspectors, the factory was never fined.",
    "Search for the missing fishermen resumed at dawn on Tuesday.",
    "Report advertising spending to the commission by June, the regulator told parties.",
    "Ads by political parties were banned in the last week of the campaign.",
    "Thank you for reading the statement, the judge told the prosecutor.",
    "Keep visiting the clinics for more tests, doctors advised the families.",
    "Discover more from the archive at the museum's new gallery, which opens on Friday.",
    "Unlock this story's secrets, the novelist told the festival audience, and you unlock the city.",
    "Careers, jobs and archives were lost when the records office burned down last year.",
    "Popular in the villages, the scheme has been copied by three other provinces since March.",
    "There are no comments yet from the ministry, which was sent the findings on Monday.",
    "Page 3 of the report lists the officials who signed the contract.",
    "We would love to hear from you, the mayor told residents at the town hall.",
    "For queries about refunds, the airline said, passengers should contact its call centre.",
    "Go to www.example.gov to register, the election commission told voters.",
    "Printed in Karachi, the pamphlets were distributed across the province before the vote.",
    "We will update the house on the progress of the talks, the minister said.",
    "Read more on the history of the dispute in the commission's report, which runs to 300 pages.",
    "Highlights of the budget include a cut in fuel taxes.",
    "Follow the author's advice and you will be fine, the doctor said.",
    "Watch the full interview with the minister on Sunday at 9pm, the station announced.",
    "Click the button to vote, the instructions said, and wait for the green light.",
    "The tweet was deleted an hour later, but screenshots had spread widely by then.",
    "Coast TV is the country's largest news network, according to the regulator's survey.",
    "The agency provides its readers with free access to court records, its director said.",
    "By March 12, 2024, the fund had run dry, the auditors found.",
    "Top story of the year, the editors agreed, was the flood.",
    "(Read the full judgment before commenting, the chief justice advised.)",
    "(Follow the money, the prosecutor told the jury.)",
    "Yesterday, 40 people were rescued from the rooftops.",
    "Sign up for the drive is voluntary, the health department said.",
    "Visits to the shrine rose by 20 per cent this year.",
    "Open app stores were blamed for the spread of the malware, investigators said.",
    "Accept all the terms, the lender insisted.",
    "Best viewed from the hilltop, the eclipse drew crowds.",
    "Check out the new stadium, the mayor told visitors, before the opening match.",
    "Here is the full story of how the rescue unfolded over three days.",
    "Here's the full list:",
    "Sponsored by the World Bank, the project will build 200 schools.",
    "Story continues to unfold as rescue teams reach the site.",
    "Recommended by the committee, the new rules take effect in July.",
    "Illustration of the proposed bridge shows six lanes and a cycle track.",
    "Video grab from the scene showed smoke rising over the market.",
    "Correction: the ministry says the figure of 400 was a typing error.",
    "Tune in to the radio at 8 pm, the ministry urged residents.",
    "Get instant access to clean water is what the villagers demanded.",
    "Originally published as a pamphlet in 1920, the book was later expanded.",
    "The ministry said its services are now available on Google News and other platforms.",
    "Check: the list of closed roads is below.",
    "Please share your views with the committee by Friday, the ministry said.",
    "Support our troops, the banner outside the school read.",
    "Site by site, the engineers inspected every bridge on the highway.",
    "Don’t miss the point, the judge told the lawyers.",
    "This video is no longer available on the ministry website, officials confirmed.",
    "(Photos of the damage were shared by the district administration.)",
    "Take our survey of the flood damage, the officials told villagers.",
    "Yes, no one was hurt in the blast, the police said.",
    "Print subscriptions fell for the fifth year running.",
    "Visit www.coastrail.gov to check the new timetable before travelling, the railway said.",
    "Investors are advised to consult certified advisers before buying the bonds, the central bank said.",
]


@pytest.mark.parametrize("line", CONTENT)
def test_content_line_survives_inside_an_article(line):
    text = article(line)
    assert clean(text) == text


@pytest.mark.parametrize("line", CONTENT)
def test_content_line_survives_at_the_end(line):
    text = article_ending(line)
    assert clean(text) == text


@pytest.mark.parametrize("line", [c for c in CONTENT if len(c.split()) > 1])
def test_content_line_survives_at_the_start(line):
    text = article_starting(line)
    assert clean(text) == text


# ------------------------------------------------------------------ boilerplate that goes

BOILERPLATE = [
    # CW101 source tags
    "• Source:JND",
    "Source: PTI",
    "SOURCE: ANI",
    "source | IANS",
    "Source - Reuters",
    "Source: Al Jazeera and news agencies",
    "Source:\u00a0Dawn News",
    "(Source: Agencies)",
    # CW102 credit lines
    "(With inputs from agencies)",
    "(With inputs from PTI)",
    "With ANI inputs",
    "-With inputs from agencies",
    "— With inputs from Reuters",
    "(with inputs from IANS)",
    "Additional input from AFP",
    "Additional reporting by Sana Malik in Karachi",
    "(Reporting by Tom Hale in London; Editing by Mark Bell)",
    "Reporting by Tom Hale in London; Editing by Mark Bell",
    "Reporting by Tom Hale; Additional reporting by Ana Ruiz; Writing by Lee Park; Editing by Jan Vos",
    "Jane Roe contributed to this report.",
    "Associated Press writers Jane Roe in Madrid and Ali Baig in Kabul contributed to this report.",
    "— With assistance from Ravi Nair.",
    "mf/sms (AFP, dpa, Reuters)",
    "(Edited by Priya Sen)",
    # CW103 / CW105 handled in test_closing_lines below
    # CW201-205 cross-promotion
    "ALSO READ: Markets Rally On Budget Day",
    "ALSO READ:\u00a0Markets Rally On Budget Day",
    "Also Read | Markets Rally On Budget Day",
    "Also read: Markets rally on budget day",
    "also read - markets rally on budget day",
    "► ALSO READ — Markets Rally On Budget Day",
    "READ MORE: Inflation hits a new high",
    "Read more | Inflation hits a new high",
    "READ MORE",
    "Read More",
    "READ | Inflation hits a new high",
    "Related Stories",
    "Related News",
    "More from Business",
    "Top Stories",
    "Trending Now",
    "You may also like",
    "WATCH: Our analysis with the captain",
    "Watch | Our analysis with the captain",
    "VIDEO | Crowds gather at the stadium",
    "WATCH VIDEO",
    "CLICK HERE FOR MORE SPORTS NEWS",
    "Click here to read the full story",
    "Continue reading",
    "Explore more on these topics",
    "More on this story",
    "Must Read: The ten best budget phones",
    "Don't Miss | The ten best budget phones",
    # CW3xx social, subscribe, app
    "Follow us on Google News",
    "Follow @newsdesk for more",
    "FOLLOW US ON TWITTER",
    "Follow The Courier on Twitter, Instagram and Facebook for the latest news.",
    "Follow Business Desk on X and LinkedIn for insights on markets and the economy.",
    "Like Business on Facebook, follow @CourierBiz on Twitter to stay informed and join in the conversation.",
    "Join our WhatsApp channel",
    "JOIN OUR WHATSAPP CHANNEL",
    "Click here to join our WhatsApp channel and get the latest news",
    "Stay up to date with the latest news. Follow The Courier on WhatsApp Channels.",
    "Subscribe to our newsletter",
    "Sign up for our free daily briefing newsletter",
    "Sign up to First Edition, our free daily newsletter",
    "Download the Daily Courier app",
    "Download The Courier News App to get Daily Market Updates.",
    "Catch all the Business News, Market News and Latest News Updates on The Courier. Download The Courier News App to get Daily Market Updates.",
    "Share",
    "Facebook Twitter WhatsApp Email",
    "Share this article",
    "Copy link",
    # CW4xx disclaimers and notes
    "(This story has not been edited by Courier staff and is auto-generated from a syndicated feed.)",
    "(Except for the headline, this story has not been edited by Courier staff and is published from a syndicated feed.)",
    "(This story has not been edited by Courier staff and is published from a syndicated news agency feed - PTI)",
    "This story has been published from a wire agency feed without modifications to the text. Only the headline has been changed.",
    "(Only the headline and picture of this report may have been reworked by the Courier staff; the rest of the content is auto-generated from a syndicated feed.)",
    "Published in Dawn, March 17th, 2025",
    "Published in The Express Tribune, January 12th, 2024.",
    "An abridged version of this article was published in the Courier on Jan 1, 2025.",
    "A version of this article appears in print on March 3, 2024, Section A, Page 6 of the New York edition.",
    "This article was originally published on The Conversation.",
    "Updated about 7 hours ago",
    "Last Updated 22 January 2024, 07:42 IST",
    "Updated: March 3, 2024 10:15 PM IST",
    "Published - January 12, 2024 10:00 pm IST",
    "First Published: January 12, 2024, 10:00 IST",
    "Published On 12 Jan 2024",
    "Courier.com Published October 21, 2025 Updated about 7 hours ago",
    "2 hours ago",
    "Disclaimer: This content provides generic information only and is no substitute for a doctor's advice.",
    "© 2024 The Courier. All rights reserved.",
    "Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    # CW5xx page furniture
    "ADVERTISEMENT",
    "Advertisement",
    "- Advertisement -",
    "Story continues below this ad",
    "SKIP ADVERTISEMENT",
    "Scroll to continue with content",
    "Ad Feedback",
    "(adsbygoogle=window.adsbygoogle||[]).push({});",
    "googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });",
    "Video Player",
    "00:00",
    "1x",
    "1.5x",
    "Media error: Format(s) not supported or source(s) not found",
    "Use Up/Down Arrow keys to increase or decrease volume.",
    "12 Comments",
    "Comments (34)",
    "Leave a comment",
    "View this post on Instagram",
    "A post shared by Courier News (@couriernews)",
    "— A Writer (@awriter) March 12, 2016",
    "3 min read",
    "Listen to this article",
    "Tags: politics, elections, Punjab",
    "Photo: AFP",
    "(Representational image)",
    "Image source, Getty Images",
    "Reuse this content",
    "Supported by",
    "(You can now subscribe to our Courier WhatsApp channel)",
    "Never miss a story! Stay connected and informed with The Courier. Download our App Now!!",
    "Follow AP’s coverage of the elections at https://example.org/hub/elections.",
    "Get our free Inside Politics email",
    "Get a look at the day ahead in markets with the Morning Note newsletter. Sign up here.",
    "This is a Premium article available exclusively to our subscribers.",
    "Already a subscriber? Log in",
    "You have reached your limit for free articles this month.",
    "Support independent journalism. Donate today.",
    "Send your story ideas to newsdesk@courier.example",
    "Do you have a story? Email us at tips@courier.example",
    "(Adds analyst comment in paragraph 6)",
    "This is a developing story and will be updated.",
    "Copyright Business Courier, 2024",
    "Home » India » Punjab",
    "Getty Images",
    "AFP via Getty Images",
    "(PTI Photo)",
    "AP Photo/Jane Roe",
    "Photograph: Tom Hale/Reuters",
    "Express News Service",
    "Courier staff and agencies",
    "Story continues below advertisement",
    "Taboola",
    "Now Playing",
    "View on Threads",
    "Embed from Getty Images",
    "Listen to this article · 5:32 min Learn more",
    "2h ago",
    "Updated 10:00 AM EST, Fri January 12, 2024",
    "Updated: Jan 12, 2024 | 10:00 AM IST",
    "Track Latest News Live on Courier.com and get news updates from India and around the world",
    "Stay up to date with latest news: Follow Gulf Courier on WhatsApp Channel",
    "Listen to the best of Radio Kent on Sounds and follow Courier Kent on Facebook, X and Instagram.",
    "Enter your email address",
    "By signing up you agree to our Privacy Policy and Terms of Use.",
    "We use cookies to improve your experience.",
    "(Views are personal)",
    "The views expressed in this article are the author’s own.",
    "Reproduction in whole or in part without permission is prohibited.",
    "(This is a syndicated story)",
    "(This content is from a syndicated feed and is published as received.)",
    "Next",
    "Tap to read full story",
    "Read this article in Urdu",
    "Never miss a story",
    "(Sponsored)",
    "ADVERTISEMENT - CONTINUE READING BELOW",
    "View comments (23)",
    "Image Courtesy: X/@courier",
    "यह भी पढ़ें: बजट के दिन बाजार में तेजी",
    "Also Read Markets Rally On Budget Day",
    "ALSO READ MARKETS RALLY ON BUDGET DAY",
    "یہ بھی پڑھیں: بجٹ پر بحث جاری",
    "Published 12 January",
    "Updated Jan 12, 10:30 AM",
    "Elsewhere on the Courier",
    "Top News Today",
    "Related article Storm warning issued for the coast",
    "TOI Business Desk",
    "Get the latest news on WhatsApp",
    "Join our commenting forum",
    "Comments are moderated and generally will be posted if they are on-topic and not abusive.",
    "Unlock a world of Benefits! From newsletters to stock tracking, it's all here. Login Now!",
    "Want to bookmark your favourite articles? Start your Courier Premium subscription today.",
    "Please refresh the page or navigate to another page on the site to be automatically logged in",
    "As a subscriber, you have 10 gift articles to give each month.",
    "The post Floods hit the valley appeared first on Courier News.",
    "The Courier receives support from the Example Foundation for its climate coverage. The Courier is solely responsible for all content.",
    "Our Standards: The Trust Principles.",
    "Purchase Licensing Rights",
    "Business News / Markets / Stock Markets",
    "Follow Courier Cooking on Instagram, Facebook and YouTube. Get regular updates from Courier Cooking, with recipe suggestions.",
    "Become a member today",
    "Email this story",
    "Suggest a correction",
    "Listen to the story",
    "Enable notifications",
    "Add Coast Times as a preferred source on Google",
    "Donate",
    "1 of 12",
    "Powered by Coast CMS",
    "Get it on Google Play",
    "Full story here",
    "This news is taken from the Coast News Agency.",
    "Republished with permission from Coast Dialogue.",
    "Read Time: 3 minutes",
    "Bookmark this article",
    "Save for later",
    "This is a partnered article.",
    "Published via a news agency feed. The text has not been edited.",
    "For queries, email help@courier.example",
    "Images are used for representational purposes only.",
    "This story has been translated from Nepali.",
    "No part of this website may be reproduced without written permission.",
    "और पढ़ें: बाजार में तेजी",
    "Report abuse",
    "Read this story in Bangla",
    "Popular Posts",
    "Share this on",
    "Notify me of new posts by email.",
    "Hit the bell icon for notifications",
    "Agency: PTI",
    "Go to Top",
    "This video cannot be played",
    "Previous article Next article",
    "Don't forget to subscribe to our channel",
    "Support free and independent journalism",
    "Log in or register to continue reading",
    "Was this article helpful?",
    "Watch the video:",
    "Sign up for the Morning Briefing",
    "Liked this story? Sign up for our newsletter.",
    "The Example Agency website contains only a portion of the news stories offered to subscribers.",
    "📣 Follow us on Instagram for more",
    "👉🏻 Join our WhatsApp channel for the latest updates",
    "🔔 Subscribe to our newsletter",
    "➤ Read more: Markets rally",
    "Source(s): AFP",
    "Posted under: Business",
    "Please log in to comment",
    "Republish this story",
    "Audio is AI-generated",
    "This story was generated using AI and checked by an editor.",
    "Sponsored links by Outbrain",
    "This media file cannot be played",
    "We welcome your feedback at desk@courier.example",
    "Hot Topics",
    "✕",
    "Please enter a valid email address",
    "Your subscription has been confirmed.",
    "Comments have to be in English and must not be abusive.",
    "Also available in Urdu and Hindi",
    "(The writer is a former diplomat. The views expressed are his own.)",
    "Get notified about breaking news",
    "Night mode",
    "Click to follow",
    "Thumbnail image: AFP",
    "Discover more from Coast Daily",
    "Enjoyed this article? Share it with a friend.",
    "Tell us your views in the comments section.",
    "Keep checking Coast Daily for the latest updates",
    "More articles by Ravi Nair",
    "About the authors",
    "Useful links",
    "Follow Coast Daily:",
    "Video Duration 01 minutes 05 seconds",
    "About Us | Contact Us | Advertise | Careers",
    "Privacy Policy · Terms of Service · Cookie Policy",
    "Font size: A- A A+",
    "Commenting has been disabled for this article.",
    "Most popular in Business",
    "Advt.",
    "Watch next",
    "Printed in the May 21, 2024 edition",
    "Read more stories on Coast Daily",
    "(Cover image via VCG)",
    "Follow Author",
    "Show Key Points",
    "Ravi Nair | 12 March 2024",
    "By Ravi Nair, March 12, 2024",
    "Coast Daily · 3 hours ago",
    "Add to Watchlist",
    "[Also Read: Markets rally on rate cut hopes]",
    "Also Read → Markets rally on rate cut hopes",
    "Yesterday, 10:15 PM",
    "Sign up for Coast Daily",
    "Listen on BBC Sounds",
    "Number of views: 1,234",
    "Continue reading in app",
    "Link copied to clipboard",
    "Manage Preferences",
    "Send to a friend",
    "Coast Daily is now available on Google News",
    "Infographic: Coast Desk",
    "Story continues",
    "Sponsored by Coast Bank",
    "Read Today's ePaper",
    "1 2 3 Next »",
    "Estimated read time 3 min read",
    "Originally published as Floods hit northern districts",
    "Correction: An earlier version of this story misstated the number of districts affected.",
    "Tune in to Coast TV for live coverage.",
    "Get instant access to live stock market updates and analysis on Coast Business.",
    "Investors are advised to check with certified experts before making any investment decisions.",
    "Check out: Top gainers and losers today",
    "Explore more: Stock market news",
    "Get real-time alerts and all the news on your phone with the all-new Coast App.",
    "Please share this article",
    "Our journalism is funded by readers like you",
    "Unauthorized use of this content is prohibited.",
    "Site by Coast Digital",
    # Typographic apostrophes: patterns are written with the ASCII one.
    "Don’t Miss | The ten best budget phones",
    "Editor’s Picks",
    "Read Today’s ePaper",
    "That’s all from us for today.",
    "This video is no longer available",
    "Video Credit: Coast TV",
    "(Watch video)",
    "Was this helpful?",
    "Subscribe for Rs 99/month",
    "Create a free account",
    "For English news, visit coastnews.com",
    "Make Coast News your preferred source on Google",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_line_is_removed(line):
    assert clean(article(line)) == WITHOUT


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_line_is_removed_at_the_end(line):
    assert clean(article_ending(line)) == WITHOUT


@pytest.mark.parametrize(
    "line",
    ["• ALSO READ: Markets rally", "|\u00a0Also read: Markets rally", "- ALSO READ -- Markets rally", "» Read more: Markets rally"],
)
def test_bullets_and_separators_before_a_label(line):
    assert clean(article(line)) == WITHOUT


# ------------------------------------------------------------------ positional rules

CLOSING_LINES = ["Thanks for reading!", "(Tasnim)", "— Bahrain News Agency", "--ENDS--", "End of article", "bur-jm/sst", "End of message", "Details awaited.", "MNA/TT", "Daily Courier/AR", "Enditem", "(end) ab.cd", "UNB/XY/ZW/1045 hrs", "More details to follow", "ab/cd", "Reuter", "REUTER", "reuter", "— AFP", "(ANI)", "- Reuters", "More to follow", "Developing story", "ENDS", "-30-", "###", "Editor: Zhang Wei", "Editor & Publisher: Rafiq Hasan", "Phone: 02-9123456; Fax: 02-9123460", "Tel: +92 42 1234567", "Address: House 5, Road 3, Dhanmondi, Dhaka"]


@pytest.mark.parametrize("line", CLOSING_LINES)
def test_closing_line_is_removed_at_the_end(line):
    assert clean(article_ending(line)) == WITHOUT


@pytest.mark.parametrize("line", ["Reuters", "More to follow", "AFP"])
def test_closing_line_in_the_middle_is_kept(line):
    text = article(line)
    assert clean(text) == text


def test_domain_masthead_only_at_the_top():
    assert clean(article_starting("Courier.com")) == WITHOUT
    text = article("courier.com")
    assert clean(text) == text


def test_header_counter_only_above_the_first_paragraph():
    assert clean(f"A headline\n\n0\n\n{OPENING}\n\n{CLOSING}\n") == f"A headline\n\n{WITHOUT}"
    text = article("3")
    assert clean(text) == text


# ------------------------------------------------------------------ rule examples are real


PATTERN_EXAMPLES = [
    (rule, i, ex) for rule in ALL_RULES if isinstance(rule, PatternRule) for i, ex in enumerate(rule.examples)
]


@pytest.mark.parametrize(
    "rule,index,example", PATTERN_EXAMPLES, ids=[f"{r.code}-{i}" for r, i, _ in PATTERN_EXAMPLES]
)
def test_rule_example_is_decided_by_patterns_not_by_the_removal_budget(rule, index, example):
    # An example whose input the rule would gut is kept by the budget, which would make a
    # "this line stays" example pass for the wrong reason.
    lines = example.input.split("\n")
    matched = LineRemover((rule,)).verdicts(lines)
    assert len(matched) == len(lines) - len(example.output.split("\n"))



PATTERNS = [
    (rule, raw, expanded)
    for rule in ALL_RULES
    if isinstance(rule, PatternRule)
    for raw, expanded in zip(rule.patterns, rule.expanded())
]


@pytest.mark.parametrize("rule,raw,expanded", PATTERNS, ids=[f"{r.code}-{i}" for i, (r, _, _) in enumerate(PATTERNS)])
def test_every_pattern_is_shown_by_an_example_of_its_rule(rule, raw, expanded):
    # Examples are the rules' documentation; a pattern no example exercises is
    # undocumented and untested behaviour.
    pattern = compile_led(expanded)
    lines = [line_key(line) for ex in rule.examples for line in ex.input.split("\n") if line.strip()]
    assert any(pattern.fullmatch(line) for line in lines), f"{rule.code}: no example shows {raw!r}"


@pytest.mark.parametrize("line", ["PTI", "Reuters", "(IANS)", "AFP/Reuters"])
def test_bare_agency_byline_above_the_first_paragraph_is_removed(line):
    assert clean(f"A headline\n\n{line}\n\n{OPENING}\n\n{CLOSING}\n") == f"A headline\n\n{WITHOUT}"
