from django.db import models


class Level(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇（街道）"
    VILLAGE = "village", "村（社区）"
    BRANCH = "branch", "支部"


class Kind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", "党委"
    WORKING_COMMITTEE = "working_committee", "党工委"
    LEADING_GROUP = "leading_group", "党组"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"


class Field(models.TextChoices):
    REGIONAL = "regional", "地方党委"
    RURAL = "rural", "农村"
    COMMUNITY = "community", "城市社区"
    GOVERNMENT = "government", "机关"
    SOE = "soe", "国有企业"
    INSTITUTION = "institution", "事业单位"
    SCHOOL = "school", "中小学校"
    HOSPITAL = "hospital", "公立医院"
    UNIVERSITY = "university", "高校"
    NON_PUBLIC = "non_public", "非公有制企业"
    SOCIAL = "social", "社会组织"


class PostRole(models.TextChoices):
    SECRETARY = "secretary", "书记（第一责任人）"
    DEPUTY_SECRETARY = "deputy_secretary", "专职副书记（直接责任人）"
    ORGANISER = "organiser", "组织委员"


class RepresentativeCategory(models.TextChoices):
    PARTY_CONGRESS = "party_congress", "党代表"
    PEOPLES_CONGRESS = "peoples_congress", "人大代表"
    CPPCC = "cppcc", "政协委员"
    GRASSROOTS_MEMBER = "grassroots_member", "基层党员代表"
    MASSES = "masses", "群众代表"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"
